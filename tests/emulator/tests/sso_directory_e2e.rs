//! The IAM Identity Center portal's directory set at run time through the control API: a few
//! hundred accounts paged strictly, a rename and a removal seen by the next listing, roles and
//! role credentials following it, throttling injected into the listings, bad directories refused.

mod common;

use common::Emulator;
use serde_json::{json, Value};

/// Signs in through the device flow (approved by posting the form, as a test may) and returns
/// the access token.
fn sign_in(emu: &Emulator) -> String {
    let post = |path: &str, body: Value| {
        let r =
            emu.request("POST", path, &[("Content-Type", "application/json")], body.to_string().as_bytes()).unwrap();
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        r.json()
    };
    let reg = post("/client/register", json!({"clientName": "t", "clientType": "public"}));
    let (cid, secret) = (reg["clientId"].as_str().unwrap(), reg["clientSecret"].as_str().unwrap());
    let dev = post(
        "/device_authorization",
        json!({"clientId": cid, "clientSecret": secret, "startUrl": "https://d-1234567890.awsapps.com/start"}),
    );
    let form = format!("user_code={}", dev["userCode"].as_str().unwrap());
    let r = emu
        .request("POST", "/device/approve", &[("Content-Type", "application/x-www-form-urlencoded")], form.as_bytes())
        .unwrap();
    assert_eq!(r.status, 200);
    let token = post(
        "/token",
        json!({"clientId": cid, "clientSecret": secret, "grantType": "urn:ietf:params:oauth:grant-type:device_code", "deviceCode": dev["deviceCode"]}),
    );
    token["accessToken"].as_str().unwrap().to_string()
}

fn get(emu: &Emulator, token: &str, target: &str) -> common::HttpResponse {
    emu.request("GET", target, &[("x-amz-sso_bearer_token", token)], b"").unwrap()
}

/// Every item of a paged listing, following `nextToken`; also returns how many pages it took.
fn list_all(emu: &Emulator, token: &str, first: &str, member: &str) -> (Vec<Value>, usize) {
    let mut items = Vec::new();
    let mut next: Option<String> = None;
    let mut pages = 0;
    loop {
        let target = match &next {
            Some(t) => format!("{first}&next_token={t}"),
            None => first.to_string(),
        };
        let r = get(emu, token, &target);
        assert_eq!(r.status, 200, "{target}: {}", r.body);
        let v = r.json();
        pages += 1;
        items.extend(v[member].as_array().unwrap().iter().cloned());
        next = v["nextToken"].as_str().map(str::to_string);
        if next.is_none() {
            return (items, pages);
        }
    }
}

fn directory(n: usize) -> Value {
    let accounts: Vec<Value> = (1..=n)
        .map(|i| json!({"id": format!("{:012}", 500000000000u64 + i as u64), "name": format!("acct {i}")}))
        .collect();
    let assignments: Vec<Value> = (1..=n)
        .flat_map(|i| {
            let id = format!("{:012}", 500000000000u64 + i as u64);
            (0..1 + i % 3).map(move |r| json!({"accountId": id, "roleName": format!("Role{r}")}))
        })
        .collect();
    json!({"accounts": accounts, "assignments": assignments})
}

#[test]
fn a_directory_set_at_run_time_is_listed_page_by_page_and_follows_changes() {
    let emu = Emulator::start();
    let token = sign_in(&emu);
    // The seed's directory first.
    let (seeded, _) = list_all(&emu, &token, "/assignment/accounts?max_result=100", "accountList");
    assert_eq!(seeded.len(), 2);

    let mut dir = directory(300);
    let set = emu.control("POST", "/sso-directory", Some(dir.clone()));
    assert_eq!(
        (set["userName"].as_str(), set["accounts"].as_u64(), set["assignments"].as_u64()),
        (Some("alice"), Some(300), Some(600))
    );
    let (accounts, pages) = list_all(&emu, &token, "/assignment/accounts?max_result=100", "accountList");
    assert_eq!((accounts.len(), pages), (300, 300), "the default page size is 1");
    assert_eq!(
        accounts[0],
        json!({"accountId": "500000000001", "accountName": "acct 1", "emailAddress": "500000000001@example.invalid"})
    );
    let (roles, _) = list_all(&emu, &token, "/assignment/roles?account_id=500000000002&max_result=100", "roleList");
    assert_eq!(
        roles,
        [
            json!({"roleName": "Role0", "accountId": "500000000002"}),
            json!({"roleName": "Role1", "accountId": "500000000002"}),
            json!({"roleName": "Role2", "accountId": "500000000002"})
        ]
    );
    let creds = get(&emu, &token, "/federation/credentials?role_name=Role1&account_id=500000000002");
    assert_eq!(creds.status, 200, "{}", creds.body);

    // Rename account 1, remove account 2 (and its assignments).
    dir["accounts"][0]["name"] = json!("acct one");
    dir["accounts"].as_array_mut().unwrap().remove(1);
    dir["assignments"].as_array_mut().unwrap().retain(|a| a["accountId"] != "500000000002");
    emu.control("POST", "/sso-directory", Some(dir));
    let (accounts, _) = list_all(&emu, &token, "/assignment/accounts?max_result=100", "accountList");
    assert_eq!(accounts.len(), 299);
    assert_eq!(accounts[0]["accountName"], "acct one");
    assert!(accounts.iter().all(|a| a["accountId"] != "500000000002"));
    let (roles, _) = list_all(&emu, &token, "/assignment/roles?account_id=500000000002&max_result=100", "roleList");
    assert!(roles.is_empty());
    let creds = get(&emu, &token, "/federation/credentials?role_name=Role1&account_id=500000000002");
    assert_eq!(creds.status, 404, "no longer assigned");
    assert_eq!(emu.control("GET", "/sso-directory", None)["accounts"].as_array().unwrap().len(), 299);

    // Back to the seed.
    assert_eq!(emu.control("DELETE", "/sso-directory", None)["cleared"], 1);
    assert_eq!(list_all(&emu, &token, "/assignment/accounts?max_result=100", "accountList").0, seeded);
}

#[test]
fn next_tokens_are_checked_and_listings_can_be_throttled() {
    let emu = Emulator::start();
    let token = sign_in(&emu);
    emu.control("POST", "/sso-directory", Some(directory(5)));
    let first = get(&emu, &token, "/assignment/accounts?max_result=100").json();
    let next = first["nextToken"].as_str().unwrap().to_string();
    // A token of another listing, a made-up one, one past the end.
    for bad in [
        "/assignment/roles?account_id=500000000003&next_token=".to_string() + &next,
        "/assignment/accounts?next_token=page-1".to_string(),
        "/assignment/accounts?next_token=accounts.page-99".to_string(),
        "/assignment/accounts?max_result=0".to_string(),
    ] {
        let r = get(&emu, &token, &bad);
        assert_eq!((r.status, r.header("x-amzn-errortype")), (400, Some("InvalidRequestException")), "{bad}");
    }

    for path in ["/assignment/accounts", "/assignment/roles"] {
        emu.control("POST", "/faults", Some(json!({"kind": "throttle", "count": 1, "pathPrefix": path})));
        let target = format!("{path}?account_id=500000000003&max_result=100");
        let r = get(&emu, &token, &target);
        assert_eq!((r.status, r.header("x-amzn-errortype")), (429, Some("TooManyRequestsException")), "{path}");
        assert_eq!(r.json()["message"], "Rate exceeded");
        assert_eq!(get(&emu, &token, &target).status, 200, "one fault, one request");
    }
    let ops: Vec<Value> = emu.control("GET", "/requests", None).as_array().unwrap().clone();
    let throttled: Vec<&str> =
        ops.iter().filter(|r| r["fault"] == "throttle").map(|r| r["operation"].as_str().unwrap_or("-")).collect();
    assert_eq!(throttled.len(), 2);

    // Without a token nothing is listed.
    assert_eq!(get(&emu, "nope", "/assignment/accounts").status, 401);
}

#[test]
fn bad_directories_are_refused_and_change_nothing() {
    let emu = Emulator::start();
    for body in [
        json!({"accounts": [{"id": "12", "name": "x"}], "assignments": []}),
        json!({"accounts": [], "assignments": [{"accountId": "000000000001", "roleName": "R"}]}),
        json!({"userName": "mallory", "accounts": [], "assignments": []}),
        json!({"accounts": []}),
    ] {
        let r = emu
            .request(
                "POST",
                "/_emulator/sso-directory",
                &[("Content-Type", "application/json")],
                body.to_string().as_bytes(),
            )
            .unwrap();
        assert_eq!(r.status, 400, "{body}: {}", r.body);
    }
    assert_eq!(emu.control("GET", "/sso-directory", None)["accounts"].as_array().unwrap().len(), 2, "still the seed's");
}
