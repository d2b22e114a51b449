#!/bin/sh
# A stand-in for the user's browser in the IAM Identity Center tests: set BROWSER to this file.
# It drives headless Chromium (through chromedriver) to the URL and clicks the page's button
# whose id is $AWSLOGIN_TEST_BROWSER_ACTION (approve, the default, or deny).
exec pwsh -NoProfile -NonInteractive -File "$(dirname "$0")/SsoBrowser.ps1" -Url "$1"
