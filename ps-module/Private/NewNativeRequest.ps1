function NewNativeRequest {
    # Builds the JSON request for the native library from the cmdlet's bound parameters.
    #
    # The environment travels with every request (added by RequestJson): on Linux and macOS,
    # .NET keeps `$env:` changes to itself, so the native library's getenv would not see them.
    # A plain function (no CmdletBinding): it runs on every call, and advanced-function binding
    # costs a tenth of a millisecond.
    param(
        [System.Collections.IDictionary] $Parameters,

        # Extra members for operations with their own fields (force, remote, ...).
        [System.Collections.IDictionary] $Extra = @{}
    )

    # The calling cmdlet's preference (-Verbose sets it there): without it the native side leaves
    # out its -Verbose lines rather than sending them to be dropped here.
    [AwsLogin.Native.NativeMethods]::NewRequest($Parameters, $Extra, $VerbosePreference -ne 'SilentlyContinue')
}
