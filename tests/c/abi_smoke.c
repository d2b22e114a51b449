/* Compiles against the committed header and links the built library, as a C caller would:
 * proves the header is valid C and that statuses, outputs and ownership behave as documented. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "awslogin.h"

static int failures = 0;
#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "FAILED: %s (line %d)\n", #cond, __LINE__); failures++; } } while (0)

int main(void) {
    CHECK(awslogin_abi_version() == AWSLOGIN_ABI_VERSION);
    CHECK(strlen(awslogin_version()) > 0);

    /* Statuses are fixed-width, and any number may be passed back in (ABI 2). */
    CHECK(sizeof(awslogin_status) == sizeof(uint32_t));
    CHECK(strcmp(awslogin_status_message(AWSLOGIN_STATUS_OK), "ok") == 0);
    CHECK(strstr(awslogin_status_message(AWSLOGIN_STATUS_NULL_PARAMETER), "NULL") != NULL);
    CHECK(strcmp(awslogin_status_message(99), "unknown status") == 0);
    CHECK(strcmp(awslogin_status_message(UINT32_MAX), "unknown status") == 0);

    char *out = NULL;
    CHECK(awslogin_caller_identity(NULL, &out) == AWSLOGIN_STATUS_NULL_PARAMETER);
    CHECK(awslogin_caller_identity("{oops", &out) == AWSLOGIN_STATUS_INVALID_JSON);
    CHECK(out == NULL);

    const char *req = "{\"env\":{\"HOME\":\"/nonexistent-c-test\"},\"profileName\":\"nope\"}";
    CHECK(awslogin_caller_identity(req, &out) == AWSLOGIN_STATUS_OK);
    CHECK(out != NULL && strstr(out, "\"ProfileNotFound\"") != NULL);
    awslogin_string_free(out);

    /* Sync-AWSSSOProfile: NULL checks, then an operation whose done event is an error as data
       (no such sso-session). */
    awslogin_operation *sync_op = NULL;
    CHECK(awslogin_sso_sync(NULL, &sync_op) == AWSLOGIN_STATUS_NULL_PARAMETER);
    CHECK(awslogin_sso_sync(req, NULL) == AWSLOGIN_STATUS_NULL_PARAMETER);
    const char *sync_req = "{\"env\":{\"HOME\":\"/nonexistent-c-test\"},\"sessionName\":\"nope\",\"whatIf\":true}";
    CHECK(awslogin_sso_sync(sync_req, &sync_op) == AWSLOGIN_STATUS_OK && sync_op != NULL);
    int sync_done = 0;
    for (int i = 0; i < 100 && !sync_done; i++) {
        char *ev = NULL;
        CHECK(awslogin_operation_next_event(sync_op, 100, &ev) == AWSLOGIN_STATUS_OK);
        sync_done = strstr(ev, "\"type\":\"done\"") != NULL;
        if (sync_done) CHECK(strstr(ev, "\"SsoSessionNotFound\"") != NULL);
        awslogin_string_free(ev);
    }
    CHECK(sync_done);
    awslogin_operation_free(sync_op);

    awslogin_operation *op = NULL;
    CHECK(awslogin_sso_login(req, &op) == AWSLOGIN_STATUS_OK && op != NULL);
    int done = 0;
    for (int i = 0; i < 100 && !done; i++) {
        char *ev = NULL;
        CHECK(awslogin_operation_next_event(op, 100, &ev) == AWSLOGIN_STATUS_OK);
        done = strstr(ev, "\"type\":\"done\"") != NULL;
        awslogin_string_free(ev);
    }
    CHECK(done);
    char *late = NULL;
    CHECK(awslogin_operation_next_event(op, 10, &late) == AWSLOGIN_STATUS_OPERATION_FINISHED);
    CHECK(late == NULL);
    awslogin_operation_free(op);

    printf("C ABI smoke test: %d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
