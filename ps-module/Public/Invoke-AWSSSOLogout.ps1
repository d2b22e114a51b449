function Invoke-AWSSSOLogout {
    <#
    .SYNOPSIS
    Ends AWS access portal (IAM Identity Center) sessions and removes their cached tokens.

    .DESCRIPTION
    With -ProfileName, signs out the IAM Identity Center session of that profile: the portal's
    Logout is called, then the profile's token file in ~/.aws/sso/cache is deleted.

    Without -ProfileName, every cached IAM Identity Center token is signed out and deleted,
    including those written by the AWS CLI and the AWS SDKs (client registrations are kept).

    A failing portal Logout (the session may already have ended) does not stop the token file
    from being deleted. SDKs and tools that already loaded a token may keep using it until it
    expires.

    .PARAMETER ProfileName
    The profile whose session to end. Without it, all sessions are ended.

    .PARAMETER PassThru
    Returns the paths of the token files that were removed.

    .EXAMPLE
    Invoke-AWSSSOLogout -ProfileName my-sso-profile

    Ends the session of my-sso-profile.

    .EXAMPLE
    Invoke-AWSSSOLogout -WhatIf

    Shows that every cached IAM Identity Center token would be removed, without removing any.

    .OUTPUTS
    None, or System.String (the removed files) with -PassThru.

    .LINK
    Invoke-AWSSSOLogin
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium', PositionalBinding = $false, HelpUri = 'https://docs.aws.amazon.com/powershell/v5/reference/items/Invoke-AWSSSOLogout.html')]
    [OutputType([string])]
    param(
        [Parameter(ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $ProfileName,

        [switch] $PassThru
    )

    process {
        if ($script:CompleteImport) { & $script:CompleteImport }
        $target = if ($ProfileName) { "IAM Identity Center session of profile '$ProfileName'" } else { 'All SSO tokens' }
        if (-not $PSCmdlet.ShouldProcess($target, 'Sign out and remove the cached token')) { return }
        $result = InvokeNativeOneShot -Operation SsoLogout -Parameters $PSBoundParameters -Cmdlet $PSCmdlet -TargetObject $ProfileName
        if ($PassThru) { foreach ($file in $result.removed) { [string]$file } }
    }
}
