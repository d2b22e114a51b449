//! The registry of error codes: every code the module reports, each with its kind.
//!
//! The codes are public API: PowerShell uses them as the ErrorRecord's FullyQualifiedErrorId, and
//! scripts match on them. Every error is made from one of these ([`super::Error::of`]), so a new
//! code is added here, and the snapshot test below lists them all: a rename or a new code shows
//! in review. Codes that an AWS service defines itself (STS's `<Code>`, a portal exception name)
//! pass through unchanged ([`super::Error::from_service`]); they are AWS's API, not ours.

use super::ErrorKind;

/// A stable error code and the kind of failure it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub name: &'static str,
    pub kind: ErrorKind,
}

macro_rules! registry {
    ($($konst:ident = $name:literal, $kind:ident;)*) => {
        $(pub const $konst: Code = Code { name: $name, kind: ErrorKind::$kind };)*
        /// Every code, in alphabetical order.
        pub const ALL: &[Code] = &[$($konst),*];
    };
}

registry! {
    ACCESS_DENIED = "AccessDenied", Authentication;
    ACCESS_DENIED_EXCEPTION = "AccessDeniedException", Authentication;
    AUTHORIZATION_PENDING_EXCEPTION = "AuthorizationPendingException", Service;
    BROWSER_NOT_STARTED = "BrowserNotStarted", Io;
    CACHE_LOCKED = "CacheLocked", Io;
    CALLBACK_LISTENER_FAILED = "CallbackListenerFailed", Io;
    CONFIG_EDIT_REFUSED = "ConfigEditRefused", InvalidInput;
    CONFIG_FILE_INVALID = "ConfigFileInvalid", InvalidInput;
    CONFIG_FILE_LOCKED = "ConfigFileLocked", Io;
    CONFIG_FILE_UNREADABLE = "ConfigFileUnreadable", Io;
    CONFIG_FILE_UNWRITABLE = "ConfigFileUnwritable", Io;
    CONSOLE_NEEDS_TEMPORARY_CREDENTIALS = "ConsoleNeedsTemporaryCredentials", InvalidInput;
    CONSOLE_SIGNIN_REFUSED = "ConsoleSigninRefused", Authentication;
    CONTAINER_CREDENTIALS_DENIED = "ContainerCredentialsDenied", Authentication;
    CONTAINER_CREDENTIALS_FAILED = "ContainerCredentialsFailed", Service;
    CONTAINER_TOKEN_UNREADABLE = "ContainerTokenUnreadable", Io;
    CREDENTIAL_PROCESS_CYCLE = "CredentialProcessCycle", InvalidInput;
    CREDENTIAL_PROCESS_FAILED = "CredentialProcessFailed", Authentication;
    CREDENTIAL_PROCESS_HELPER_MISSING = "CredentialProcessHelperMissing", NotFound;
    CREDENTIAL_PROCESS_TOO_DEEP = "CredentialProcessTooDeep", InvalidInput;
    DEVICE_CODE_EXPIRED = "DeviceCodeExpired", Authentication;
    ENDPOINT_UNREACHABLE = "EndpointUnreachable", Network;
    EXPIRED_TOKEN_EXCEPTION = "ExpiredTokenException", Authentication;
    FORBIDDEN_EXCEPTION = "ForbiddenException", Authentication;
    IMDS_DISABLED = "ImdsDisabled", NotFound;
    IMDS_NO_ROLE = "ImdsNoRole", NotFound;
    IMDS_UNAVAILABLE = "ImdsUnavailable", Network;
    INCOMPLETE_CREDENTIALS = "IncompleteCredentials", InvalidInput;
    INCOMPLETE_PROFILE = "IncompleteProfile", InvalidInput;
    INCOMPLETE_SSO_CONFIG = "IncompleteSsoConfig", InvalidInput;
    INTERACTION_REQUIRED = "InteractionRequired", InvalidInput;
    INTERNAL_ERROR = "InternalError", Internal;
    INTERNAL_SERVER_EXCEPTION = "InternalServerException", Service;
    INVALID_ACCOUNT_ID = "InvalidAccountId", InvalidInput;
    INVALID_CHOICE = "InvalidChoice", InvalidInput;
    INVALID_CLIENT_EXCEPTION = "InvalidClientException", Authentication;
    INVALID_CLIENT_METADATA_EXCEPTION = "InvalidClientMetadataException", InvalidInput;
    INVALID_CONSOLE_DESTINATION = "InvalidConsoleDestination", InvalidInput;
    INVALID_CONTAINER_CREDENTIALS = "InvalidContainerCredentials", Service;
    INVALID_CONTAINER_CREDENTIALS_URI = "InvalidContainerCredentialsUri", InvalidInput;
    INVALID_CONTAINER_TOKEN = "InvalidContainerToken", InvalidInput;
    INVALID_CREDENTIAL_FORMAT = "InvalidCredentialFormat", InvalidInput;
    INVALID_ENDPOINT = "InvalidEndpoint", InvalidInput;
    INVALID_GRANT_EXCEPTION = "InvalidGrantException", Authentication;
    INVALID_HEADER_VALUE = "InvalidHeaderValue", InvalidInput;
    INVALID_ID_TOKEN = "InvalidIdToken", Service;
    INVALID_IMDS_ENDPOINT_MODE = "InvalidImdsEndpointMode", InvalidInput;
    INVALID_MFA_CODE = "InvalidMfaCode", InvalidInput;
    INVALID_NAME = "InvalidName", InvalidInput;
    INVALID_NAME_TEMPLATE = "InvalidNameTemplate", InvalidInput;
    INVALID_PROFILE = "InvalidProfile", InvalidInput;
    INVALID_PROFILE_NAME = "InvalidProfileName", InvalidInput;
    INVALID_REDIRECT_URI_EXCEPTION = "InvalidRedirectUriException", InvalidInput;
    INVALID_REGION = "InvalidRegion", InvalidInput;
    INVALID_REQUEST = "InvalidRequest", InvalidInput;
    INVALID_REQUEST_EXCEPTION = "InvalidRequestException", InvalidInput;
    INVALID_SCOPE_EXCEPTION = "InvalidScopeException", InvalidInput;
    INVALID_SESSION_DURATION = "InvalidSessionDuration", InvalidInput;
    INVALID_SIGNIN_TOKEN_RESPONSE = "InvalidSigninTokenResponse", Service;
    INVALID_SSO_OIDC_RESPONSE = "InvalidSsoOidcResponse", Service;
    INVALID_SSO_PORTAL_RESPONSE = "InvalidSsoPortalResponse", Service;
    INVALID_START_URL = "InvalidStartUrl", InvalidInput;
    INVALID_STS_RESPONSE = "InvalidStsResponse", Service;
    INVALID_TOKEN_RESPONSE = "InvalidTokenResponse", Service;
    INVALID_VERIFICATION_CODE = "InvalidVerificationCode", InvalidInput;
    LOGIN_ABORTED = "LoginAborted", Cancelled;
    LOGIN_AUTHORIZATION_CODE_EXPIRED = "LoginAuthorizationCodeExpired", Authentication;
    LOGIN_AUTHORIZATION_FAILED = "LoginAuthorizationFailed", Authentication;
    LOGIN_CACHE_INVALID = "LoginCacheInvalid", InvalidInput;
    LOGIN_CACHE_UNDELETABLE = "LoginCacheUndeletable", Io;
    LOGIN_CACHE_UNREADABLE = "LoginCacheUnreadable", Io;
    LOGIN_CACHE_UNWRITABLE = "LoginCacheUnwritable", Io;
    LOGIN_CREDENTIALS_CHANGED = "LoginCredentialsChanged", Authentication;
    LOGIN_INSUFFICIENT_PERMISSIONS = "LoginInsufficientPermissions", Authentication;
    LOGIN_SERVICE_ERROR = "LoginServiceError", Service;
    LOGIN_SESSION_EXPIRED = "LoginSessionExpired", Authentication;
    LOGIN_SESSION_NOT_FOUND = "LoginSessionNotFound", Authentication;
    LOGIN_STATE_MISMATCH = "LoginStateMismatch", Authentication;
    LOGIN_TIMED_OUT = "LoginTimedOut", Authentication;
    NO_BROWSER = "NoBrowser", InvalidInput;
    NO_CONFIG_FILE = "NoConfigFile", NotFound;
    NO_CREDENTIALS = "NoCredentials", NotFound;
    NO_CREDENTIALS_IN_PROFILE = "NoCredentialsInProfile", InvalidInput;
    NO_HOME_FOLDER = "NoHomeFolder", NotFound;
    NO_LOGIN_SESSION = "NoLoginSession", NotFound;
    NO_SSO_ACCOUNTS = "NoSsoAccounts", NotFound;
    NO_SSO_PROFILE = "NoSsoProfile", InvalidInput;
    NO_SSO_ROLES = "NoSsoRoles", NotFound;
    NOT_AN_SSO_PROFILE = "NotAnSsoProfile", InvalidInput;
    OPERATION_CANCELLED = "OperationCancelled", Cancelled;
    PROFILE_CYCLE = "ProfileCycle", InvalidInput;
    PROFILE_HAS_OTHER_CREDENTIALS = "ProfileHasOtherCredentials", InvalidInput;
    PROFILE_NAME_REQUIRED = "ProfileNameRequired", InvalidInput;
    PROFILE_NOT_FOUND = "ProfileNotFound", NotFound;
    RESOURCE_NOT_FOUND_EXCEPTION = "ResourceNotFoundException", NotFound;
    ROLE_CACHE_UNWRITABLE = "RoleCacheUnwritable", Io;
    SLOW_DOWN_EXCEPTION = "SlowDownException", Service;
    SOURCE_PROFILE_NOT_FOUND = "SourceProfileNotFound", NotFound;
    SSO_CACHE_UNREADABLE = "SsoCacheUnreadable", Io;
    SSO_CONFIG_MISMATCH = "SsoConfigMismatch", InvalidInput;
    SSO_LOGIN_TIMED_OUT = "SsoLoginTimedOut", Authentication;
    SSO_OIDC_ERROR = "SsoOidcError", Service;
    SSO_PORTAL_ERROR = "SsoPortalError", Service;
    SSO_PROFILE_WITHOUT_ROLE = "SsoProfileWithoutRole", InvalidInput;
    SSO_REGISTRATION_WRITE_FAILED = "SsoRegistrationWriteFailed", Io;
    SSO_SESSION_NOT_FOUND = "SsoSessionNotFound", NotFound;
    SSO_TOKEN_DELETE_FAILED = "SsoTokenDeleteFailed", Io;
    SSO_TOKEN_EXPIRED = "SsoTokenExpired", Authentication;
    SSO_TOKEN_INVALID = "SsoTokenInvalid", Authentication;
    SSO_TOKEN_NOT_FOUND = "SsoTokenNotFound", Authentication;
    SSO_TOKEN_NOT_REFRESHABLE = "SsoTokenNotRefreshable", Authentication;
    SSO_TOKEN_UNREADABLE = "SsoTokenUnreadable", Io;
    SSO_TOKEN_WRITE_FAILED = "SsoTokenWriteFailed", Io;
    UNAUTHORIZED_CLIENT_EXCEPTION = "UnauthorizedClientException", Authentication;
    UNAUTHORIZED_SSO_TOKEN = "UnauthorizedSsoToken", Authentication;
    UNEXPECTED_SSO_OIDC_RESPONSE = "UnexpectedSsoOidcResponse", Service;
    UNEXPECTED_STS_RESPONSE = "UnexpectedStsResponse", Service;
    UNSUPPORTED_GRANT_TYPE_EXCEPTION = "UnsupportedGrantTypeException", InvalidInput;
    WEB_IDENTITY_TOKEN_EMPTY = "WebIdentityTokenEmpty", InvalidInput;
    WEB_IDENTITY_TOKEN_UNREADABLE = "WebIdentityTokenUnreadable", Io;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The snapshot of the public codes. Changing it is changing the module's API: say so in
    /// the change's description and the CHANGELOG.
    #[test]
    fn snapshot_of_every_code() {
        let listed: Vec<String> = ALL.iter().map(|c| format!("{} {:?}", c.name, c.kind)).collect();
        let expected = include_str!("codes.snapshot").lines().collect::<Vec<_>>();
        assert_eq!(listed, expected, "the error codes changed; update error/codes.snapshot if that is intended");
    }

    #[test]
    fn names_are_unique_and_sorted() {
        for pair in ALL.windows(2) {
            assert!(pair[0].name < pair[1].name, "{} / {}", pair[0].name, pair[1].name);
        }
        assert!(ALL.iter().all(|c| !c.name.is_empty() && c.name.bytes().all(|b| b.is_ascii_alphanumeric())));
    }
}
