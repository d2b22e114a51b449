function NewAwsLoginErrorRecord {
    # Turns the native library's error ({code, message, kind}) into an ErrorRecord whose id is
    # the stable code and whose category fits the kind.
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)] [object] $NativeError,
        [object] $TargetObject
    )

    $category, $exceptionType = switch ($NativeError.kind) {
        'InvalidInput' { 'InvalidArgument', [System.ArgumentException] }
        'NotFound' { 'ObjectNotFound', [System.Management.Automation.ItemNotFoundException] }
        'Authentication' { 'AuthenticationError', [System.UnauthorizedAccessException] }
        'Network' { 'ConnectionError', [System.Net.Http.HttpRequestException] }
        'Service' { 'InvalidResult', [System.InvalidOperationException] }
        'Io' { 'WriteError', [System.IO.IOException] }
        'Cancelled' { 'OperationStopped', [System.OperationCanceledException] }
        'NotImplemented' { 'NotImplemented', [System.NotImplementedException] }
        default { 'NotSpecified', [System.InvalidOperationException] }
    }
    $exception = $exceptionType::new([string]$NativeError.message)
    [System.Management.Automation.ErrorRecord]::new($exception, [string]$NativeError.code, $category, $TargetObject)
}
