pub mod fake_signin;
