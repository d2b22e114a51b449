#!/usr/bin/env python3
"""A stand-in for a person at a browser, for the login tests: opens URL in a real headless
Chromium through chromedriver's WebDriver HTTP API, clicks #approve (or #deny) on the emulator's
sign-in page and waits for the redirect to finish. With --code-file it then reads the
cross-device code (#code) from the confirmation page and writes it to that file.
With the decision "none" nothing is clicked: it waits for the page itself (the emulator's console
page, #console-identity) and writes that element's text to --code-file or DRIVE_BROWSER_TEXT_FILE.

Used as $env:BROWSER ("python3 drive-browser.py %s") and called directly by the -Remote tests.
Environment: CHROMIUM (default /usr/bin/chromium), CHROMEDRIVER (default /usr/bin/chromedriver),
DRIVE_BROWSER_LOG (append a log there), DRIVE_BROWSER_DECISION (approve|deny|none),
DRIVE_BROWSER_TEXT_FILE (where to write the text found, as --code-file).
"""
import json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

def log(msg):
    path = os.environ.get("DRIVE_BROWSER_LOG")
    if path:
        with open(path, "a") as f:
            f.write(time.strftime("%H:%M:%S ") + msg + "\n")

def call(base, method, path, body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    # WebDriver is on loopback; never use a proxy for it.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(req, timeout=timeout) as r:
        return json.loads(r.read().decode() or "{}").get("value")

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p

def main():
    args = sys.argv[1:]
    code_file = os.environ.get("DRIVE_BROWSER_TEXT_FILE") or None
    decision = os.environ.get("DRIVE_BROWSER_DECISION", "approve")
    url = None
    while args:
        a = args.pop(0)
        if a == "--code-file":
            code_file = args.pop(0)
        elif a == "--decision":
            decision = args.pop(0)
        else:
            url = a
    if not url:
        print("usage: drive-browser.py URL [--decision approve|deny] [--code-file FILE]", file=sys.stderr)
        return 2
    # The URL may carry a credential (a console sign-in token): log only where it goes.
    log(f"open {url.split('?')[0]} decision={decision}")
    port = free_port()
    profile = tempfile.mkdtemp(prefix="awslogin-chromium-")
    driver = subprocess.Popen([os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"), f"--port={port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    session = None
    try:
        for _ in range(200):
            try:
                if call(base, "GET", "/status", timeout=2).get("ready"):
                    break
            except Exception:
                time.sleep(0.05)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--no-proxy-server", f"--user-data-dir={profile}"]}}}}
        session = call(base, "POST", "/session", caps)["sessionId"]
        s = f"/session/{session}"
        call(base, "POST", s + "/url", {"url": url})
        if decision != "none":
            button = call(base, "POST", s + "/element", {"using": "css selector", "value": "#" + decision})
            eid = list(button.values())[0]
            call(base, "POST", s + f"/element/{eid}/click", {})
        # Wait until the redirect target has answered.
        deadline = time.time() + 30
        text = ""
        while time.time() < deadline:
            try:
                found = call(base, "POST", s + "/elements", {"using": "css selector", "value": "#result, #code, #error, #console-identity"})
                if found:
                    text = call(base, "GET", s + f"/element/{list(found[0].values())[0]}/text")
                    break
            except Exception as e:
                log(f"poll: {e}")
            time.sleep(0.1)
        log(f"landed on {call(base, 'GET', s + '/url').split('?')[0]}: {text[:60]}")
        if code_file:
            with open(code_file + ".tmp", "w") as f:
                f.write(text.strip())
            os.replace(code_file + ".tmp", code_file)
        return 0
    except Exception as e:
        log(f"failed: {e}")
        print(f"drive-browser: {e}", file=sys.stderr)
        return 1
    finally:
        if session:
            try:
                call(base, "DELETE", f"/session/{session}", timeout=10)
            except Exception:
                pass
        driver.terminate()
        try:
            driver.wait(5)
        except Exception:
            driver.kill()
        shutil.rmtree(profile, ignore_errors=True)

if __name__ == "__main__":
    sys.exit(main())
