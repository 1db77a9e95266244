/*
 * Plugins that vmnet must refuse, one per macro, compiled by the tests:
 *   BROKEN_ABI        the descriptor claims ABI 2
 *   BROKEN_CONTRACT   the plugin speaks contract versions 2.0 and 3.1 only
 *   BROKEN_NO_ENTRY   the file exports no vmnet_plugin_entry
 *   BROKEN_LIAR       the descriptor says binding, describe returns a backend manifest
 *   BROKEN_DESCRIBE   describe fails
 *   BROKEN_KIND       the descriptor's kind is 7
 *   BROKEN_MANIFEST   the manifest decodes but breaks its rules: no display name, and `backends: []`
 * PLUGIN_NAME sets the name (default "broken"). With no BROKEN_* macro it is a minimal valid binding, which the
 * benchmark (bench/plugins/run.sh) builds a hundred times under distinct names.
 */
#include <stdlib.h>
#include <string.h>

#include <vmnet_plugin.h>

#ifndef PLUGIN_NAME
#define PLUGIN_NAME "broken"
#endif

#ifdef BROKEN_LIAR
static const char manifest[] = "{\"kind\":\"backend\",\"manifest\":{\"name\":\"" PLUGIN_NAME "\",\"displayName\":\"Broken\","
                               "\"version\":\"1.0.0\",\"summary\":\"Lies about its kind.\",\"options\":[],"
                               "\"capabilities\":{\"providesDefaultNetwork\":false,\"conflictsWith\":[]}}}";
#elif defined(BROKEN_MANIFEST)
static const char manifest[] = "{\"kind\":\"binding\",\"manifest\":{\"name\":\"" PLUGIN_NAME "\",\"displayName\":\"\","
                               "\"version\":\"1.0.0\",\"summary\":\"Breaks the manifest rules.\",\"options\":[],"
                               "\"capabilities\":{\"backends\":[],\"configGates\":[],\"forwardsPorts\":false,"
                               "\"servesDHCP\":false,\"usesModel\":true,\"reservedMACAddresses\":[]}}}";
#else
static const char manifest[] = "{\"kind\":\"binding\",\"manifest\":{\"name\":\"" PLUGIN_NAME "\",\"displayName\":\"Broken\","
                               "\"version\":\"1.0.0\",\"summary\":\"A test plugin.\",\"options\":[],"
                               "\"capabilities\":{\"configGates\":[],\"forwardsPorts\":false,\"servesDHCP\":false,"
                               "\"usesModel\":true,\"reservedMACAddresses\":[]}}}";
#endif

static int32_t call(void *context, const char *operation, const char *request, size_t request_len, char **response,
                    size_t *response_len) {
    (void)context;
    (void)request;
    (void)request_len;
    const char *text = manifest;
    int32_t status = VMNET_PLUGIN_OK;
#ifdef BROKEN_DESCRIBE
    text = "{\"error\":\"the broken plugin cannot describe itself\"}";
    status = VMNET_PLUGIN_FAILED;
#endif
    if (strcmp(operation, "describe") != 0) {
        text = "{\"error\":\"unknown operation\"}";
        status = VMNET_PLUGIN_UNSUPPORTED;
    }
    *response = strdup(text);
    *response_len = strlen(text);
    return status;
}

static void free_response(void *context, char *response, size_t response_len) {
    (void)context;
    (void)response_len;
    free(response);
}

#ifdef BROKEN_CONTRACT
static const char *const contract_versions[] = {"2.0", "3.1", NULL};
#else
static const char *const contract_versions[] = {"1.0", NULL};
#endif

static const vmnet_plugin_descriptor descriptor = {
#ifdef BROKEN_ABI
    .abi_version = 2,
#else
    .abi_version = VMNET_PLUGIN_ABI_VERSION,
#endif
#ifdef BROKEN_KIND
    .kind = 7,
#else
    .kind = VMNET_PLUGIN_KIND_BINDING,
#endif
    .name = PLUGIN_NAME,
    .version = "1.0.0",
    .contract_versions = contract_versions,
    .context = NULL,
    .call = call,
    .free_response = free_response,
};

#ifdef BROKEN_NO_ENTRY
__attribute__((visibility("default"))) const vmnet_plugin_descriptor *not_the_entry(void) { return &descriptor; }
#else
const vmnet_plugin_descriptor *vmnet_plugin_entry(void) { return &descriptor; }
#endif
