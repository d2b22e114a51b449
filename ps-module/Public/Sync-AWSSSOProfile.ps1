function Sync-AWSSSOProfile {
    <#
    .SYNOPSIS
    Writes a profile for every AWS account and role an IAM Identity Center session can reach.

    .DESCRIPTION
    Lists every account the sso-session's signed-in user is assigned (ListAccounts, every page)
    and every role in each of them (ListAccountRoles, every page, a few accounts at a time;
    throttling is retried with backoff), then writes one profile per account and role into the
    shared config file (AWS_CONFIG_FILE or ~/.aws/config):

        [profile prod.AdministratorAccess]
        sso_session = my-sso
        sso_account_id = 111122223333
        sso_role_name = AdministratorAccess
        awslogin_generated = my-sso

    Each profile works at once with every AwsLogin cmdlet, the AWS CLI v2 and the AWS SDKs, as
    the IAM Identity Center profiles Initialize-AWSSSOConfiguration writes do. The
    awslogin_generated key marks the profiles this command wrote for the session (the AWS CLI
    and SDKs ignore keys they do not know): only those are ever updated or removed.

    It uses the session's cached token (refreshed when it can be) and never opens a browser:
    sign in first with Invoke-AWSSSOLogin -SessionName NAME.

    Running it again changes only what changed: new accounts and roles are added, profiles whose
    account or role changed are updated, and the file is not written at all when nothing did. A
    profile that an account no longer reaches (a removed account or role, or a renamed account,
    whose profile now has a new name) is reported as Stale and kept, unless -Prune removes it.
    A profile of the same name that this command did not write (one you wrote, in the config or
    credentials file) is kept untouched and reported as a Conflict; two assignments that would
    get the same name are both skipped and reported as Duplicate (put {AccountId} in
    -NameTemplate to tell them apart). Conflicts and duplicates are also written as warnings.

    The config file is changed in one atomic write under its lock (the file is read again under
    the lock), keeping every other byte: comments, order, your other profiles, and any key you
    add to a generated profile (such as region or output).

    .PARAMETER SessionName
    The [sso-session] section whose accounts and roles to write, as Initialize-AWSSSOConfiguration
    or Set-AWSSSOSessionConfiguration wrote it.

    .PARAMETER NameTemplate
    How to name each profile, from the placeholders {AccountName}, {AccountId}, {RoleName} and
    {SessionName} (case-insensitive), joined by letters, digits and - / _ . % @ : +. The default
    is {AccountName}.{RoleName}. Each value is made safe for a profile name (runs of spaces,
    brackets, '#', ';' and other characters become one '-'), so 'Prod (EU)' gives Prod-EU; an
    account name with nothing usable left gives its account id.

    .PARAMETER Prune
    Removes the profiles this command wrote earlier for the session that no account and role
    reaches any more (reported as Remove). Without it they are kept and reported as Stale.

    .PARAMETER Region
    The region to write into each profile (the region its commands use), such as eu-west-1.
    A profile that already has a region keeps it.

    .PARAMETER ProfileLocation
    The shared credentials file to read instead of ~/.aws/credentials: a profile there with a
    wanted name is a Conflict (readers merge the two files' profiles). Profiles are always written
    to the config file.

    .EXAMPLE
    Sync-AWSSSOProfile -SessionName my-sso

    Writes prod.AdministratorAccess, prod.ReadOnly, dev.ReadOnly ... for every account and role
    of my-sso, and shows what was done to each profile.

    .EXAMPLE
    Sync-AWSSSOProfile -SessionName my-sso -NameTemplate '{AccountName}-{AccountId}/{RoleName}' -Region eu-west-1 -WhatIf

    Shows the plan for names such as prod-111122223333/ReadOnly with region eu-west-1, without
    writing anything.

    .EXAMPLE
    Sync-AWSSSOProfile -SessionName my-sso -Prune | Where-Object Action -NE 'Unchanged'

    Brings the profiles up to date, removes those of accounts and roles that are gone, and lists
    only what changed or needs attention.

    .OUTPUTS
    AwsLogin.SsoProfileSyncResult: one per profile planned, with Action (Add, Update, Unchanged,
    Conflict, Duplicate, Stale or Remove), ProfileName, AccountId, AccountName, RoleName,
    SessionName and, for Update, Conflict, Duplicate, Stale and Remove, Reason.

    .LINK
    https://docs.aws.amazon.com/cli/latest/userguide/sso-configure-profile-token.html

    .LINK
    Invoke-AWSSSOLogin

    .LINK
    Initialize-AWSSSOConfiguration
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium', PositionalBinding = $false)]
    [OutputType('AwsLogin.SsoProfileSyncResult')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $SessionName,

        [ValidateNotNullOrEmpty()]
        [string] $NameTemplate = '{AccountName}.{RoleName}',

        [switch] $Prune,

        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $Region,

        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string] $ProfileLocation
    )

    process {
        if ($script:CompleteImport) { & $script:CompleteImport }
        $configFile = if ($env:AWS_CONFIG_FILE) { $env:AWS_CONFIG_FILE } else { [System.IO.Path]::Combine([Environment]::GetFolderPath('UserProfile'), '.aws', 'config') }
        $action = if ($Prune) { 'Write a profile for every account and role, removing stale ones' } else { 'Write a profile for every account and role' }
        # -WhatIf: the plan is made (the portal is listed) and returned, and nothing is written.
        # A -Confirm answered No: nothing at all.
        $apply = $PSCmdlet.ShouldProcess("profiles of sso-session '$SessionName' in $configFile", $action)
        if (-not $apply -and -not $WhatIfPreference) { return }
        $parameters = @{}
        if ($Region) { $parameters.Region = $Region }
        if ($ProfileLocation) {
            # Relative to PowerShell's current folder, which is not the process's.
            $parameters.ProfileLocation = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ProfileLocation)
        }
        $extra = [ordered]@{ sessionName = $SessionName; nameTemplate = $NameTemplate; prune = [bool]$Prune; whatIf = -not $apply }
        # Through an operation handle, not a one-shot call: Ctrl+C while hundreds of accounts are
        # being listed stops the listing at once, before the config file is touched.
        $result = InvokeNativeOperation -Operation SsoSync -Parameters $parameters -Extra $extra -Cmdlet $PSCmdlet -TargetObject $SessionName
        foreach ($entry in $result.profiles) {
            [pscustomobject]@{
                PSTypeName  = 'AwsLogin.SsoProfileSyncResult'
                Action      = [string]$entry.Action
                ProfileName = [string]$entry.ProfileName
                AccountId   = [string]$entry.AccountId
                AccountName = $entry.AccountName
                RoleName    = [string]$entry.RoleName
                SessionName = [string]$entry.SessionName
                Reason      = $entry.Reason
            }
        }
    }
}
