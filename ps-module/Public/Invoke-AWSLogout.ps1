function Invoke-AWSLogout {
    <#
    .SYNOPSIS
    Removes the cached console-login credentials of a profile, or of every login session.

    .DESCRIPTION
    Deletes the login cache file (~/.aws/login/cache, or AWS_LOGIN_CACHE_DIRECTORY) of the
    profile's login_session, the same as 'aws logout'. With -All, every file in that folder that
    holds login credentials is deleted. Nothing is sent to AWS and the config file is not
    changed: run Invoke-AWSLogin to sign in again.

    Credentials already handed to running programs stay valid until they expire, which is at
    most 15 minutes.

    .PARAMETER ProfileName
    The profile whose login to remove ('default' when neither this nor AWS_PROFILE is given;
    you are told which was chosen). It must exist in the config file and have a
    login_session. Profile names can be piped. Every profile with the same login_session
    shares the one cache file, so they are all signed out; they are named in the confirmation
    and in the message.

    .PARAMETER All
    Remove every cached login session, whatever the profile.

    .PARAMETER ProfileLocation
    The shared credentials file to read instead of ~/.aws/credentials.

    .EXAMPLE
    Invoke-AWSLogout -ProfileName dev

    Asks for confirmation, then deletes the cached credentials of the 'dev' profile.

    .EXAMPLE
    Invoke-AWSLogout -All -Confirm:$false

    Deletes every cached login session without asking.

    .EXAMPLE
    Invoke-AWSLogout -All -WhatIf

    Lists the files that would be deleted.

    .EXAMPLE
    'dev', 'test' | Invoke-AWSLogout -WhatIf

    Shows, for each piped profile, the cache file that would be removed and the profiles that
    share it.

    .LINK
    Invoke-AWSLogin
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High', DefaultParameterSetName = 'Profile', PositionalBinding = $false, HelpUri = 'https://docs.aws.amazon.com/powershell/v5/reference/items/Invoke-AWSLogout.html')]
    [OutputType([void])]
    param(
        [Parameter(ParameterSetName = 'Profile', ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $ProfileName,

        [Parameter(ParameterSetName = 'All', Mandatory)]
        [switch] $All,

        [Parameter(ParameterSetName = 'Profile')]
        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string] $ProfileLocation
    )

    process {
        if ($script:CompleteImport) { & $script:CompleteImport }
        $params = @{} + $PSBoundParameters
        $null = $params.Remove('WhatIf'); $null = $params.Remove('Confirm')
        # The plan first (nothing deleted), so that -WhatIf and -Confirm can name the file and
        # every profile the session serves. A failure for one piped profile stops the pipeline,
        # as the AWS cmdlet's terminating errors do; the failing profile is the TargetObject.
        $plan = InvokeNativeOneShot -Operation Logout -Cmdlet $PSCmdlet -Parameters $params -Extra @{ all = [bool]$All; whatIf = $true } -TargetObject $ProfileName
        $files = @($plan.files)
        if ($files.Count -eq 0) {
            if ($All) { $PSCmdlet.WriteInformation([System.Management.Automation.HostInformationMessage]@{ Message = 'No cached login session tokens found.' }, [string[]]@('PSHOST')) }
            return
        }
        $shared = @($plan.sharedWith)
        $target = if ($All) { "$($files.Count) cached login session(s): $($files -join ', ')" }
        elseif ($shared.Count) { "the cached login credentials of profile '$($plan.profileName)', shared with $(($shared | ForEach-Object { "'$_'" }) -join ', ') ($($files[0]))" }
        else { "the cached login credentials of profile '$($plan.profileName)' ($($files[0]))" }
        if ($PSCmdlet.ShouldProcess($target, 'Remove')) {
            # The profile the plan chose, so the "Using profile" line is not repeated.
            if (-not $All) { $params.ProfileName = $plan.profileName }
            $null = InvokeNativeOneShot -Operation Logout -Cmdlet $PSCmdlet -Parameters $params -Extra @{ all = [bool]$All; whatIf = $false } -TargetObject $ProfileName
        }
    }
}
