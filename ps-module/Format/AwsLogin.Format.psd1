# The format data of AwsLogin, as a manifest of its own that AwsLogin imports (nested, so
# Remove-Module AwsLogin removes it too) at its first command rather than at import: the views
# cost every import 7-9 ms, and an import that runs no command never shows an AwsLogin object.
# Loaded through Import-Module's FormatsToProcess, not Update-FormatData, which rebuilds every
# view of the session and cost the first command ~170 ms. Not a module to import by itself; its
# version is not AwsLogin's. In a folder of its own: beside AwsLogin.psd1, Publish-PSResource
# would take it for the package's manifest.
@{
    ModuleVersion     = '1.0.0'
    GUID              = '5d0c6a2e-1f7b-4c1e-9a51-0b7f6f1f2a11'
    Description       = 'The format data of AwsLogin, imported by AwsLogin itself.'
    FormatsToProcess  = @('../AwsLogin.format.ps1xml')
    FunctionsToExport = @()
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
