// The judges' strict base64url (RFC 7515: unpadded, URL alphabet, canonical), the emulator's own
// file: the DPoP checks here must not decode with the client's decoder, or a client that sent
// standard or padded base64 would pass its own tests.
#[path = "../../../tests/emulator/src/base64url.rs"]
pub mod base64url;
pub mod fake_signin;
