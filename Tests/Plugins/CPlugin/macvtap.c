/*
 * A binding plugin in plain C: `cmacvtap` (named apart from the built-in macvtap binding), the guest NIC on a macvtap device over a Multus network's pod interface.
 * It shows everything a C plugin needs: the descriptor, the JSON answers and the allocator pairing. It reads the
 * few request fields it needs with strstr, which is enough for a test; a real plugin would use a JSON parser.
 *
 * cc -shared -fPIC -fvisibility=hidden -I <vmnet>/Sources/CVMNetPlugin/include -o libVMNetBindingMacvtap.so macvtap.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmnet_plugin.h>

static const char manifest[] =
    "{\"kind\":\"binding\",\"manifest\":{\"name\":\"cmacvtap\",\"displayName\":\"Macvtap\",\"version\":\"1.0.0\","
    "\"summary\":\"Attaches the guest NIC to a macvtap device on a Multus network's pod interface.\","
    "\"options\":[],\"capabilities\":{\"backends\":[\"multus\"],\"configGates\":[],\"forwardsPorts\":false,"
    "\"servesDHCP\":false,\"usesModel\":true,\"reservedMACAddresses\":[]}}}";

/* Hands `text` to vmnet as a malloc'd response. */
static int32_t respond(int32_t status, const char *text, char **response, size_t *response_len) {
    size_t length = strlen(text);
    *response = malloc(length + 1);
    if (*response == NULL) return VMNET_PLUGIN_FAILED;
    memcpy(*response, text, length + 1);
    *response_len = length;
    return status;
}

/* The string value of `key` in the JSON object that starts at the first '{' after `anchor`, ignoring keys of
   nested objects; copied into `value`. Strings without escapes only, which is all this plugin reads. */
static int member(const char *document, const char *anchor, const char *key, char *value, size_t size) {
    const char *place = strstr(document, anchor);
    place = place ? strchr(place, '{') : NULL;
    if (place == NULL) return 0;
    size_t key_length = strlen(key);
    int depth = 0;
    for (; *place != '\0'; place++) {
        if (*place == '{' || *place == '[') depth++;
        else if (*place == '}' || *place == ']') {
            if (--depth == 0) return 0;
        } else if (*place == '"') {
            const char *end = strchr(place + 1, '"');
            if (end == NULL) return 0;
            int is_key = depth == 1 && (size_t)(end - place - 1) == key_length && strncmp(place + 1, key, key_length) == 0
                         && end[1] == ':' && end[2] == '"';
            if (is_key) {
                const char *start = end + 3;
                size_t length = strcspn(start, "\"");
                if (length >= size) return 0;
                memcpy(value, start, length);
                value[length] = '\0';
                return 1;
            }
            place = end;
        }
    }
    return 0;
}

static int32_t validate(const char *request, char **response, size_t *response_len) {
    const char *index = strstr(request, "\"interfaceIndex\":");
    if (index == NULL) return respond(VMNET_PLUGIN_BAD_REQUEST, "{\"error\":\"no interfaceIndex\"}", response, response_len);
    long position = strtol(index + strlen("\"interfaceIndex\":"), NULL, 10);
    /* This plugin speaks contract 1.0 only, where a port is an object: a bare number would be a host bug. */
    const char *ports = strstr(request, "\"ports\":[");
    if (ports != NULL && ports[strlen("\"ports\":[")] != '{' && ports[strlen("\"ports\":[")] != ']')
        return respond(VMNET_PLUGIN_BAD_REQUEST, "{\"error\":\"a port that is not an object in a contract 1.0 request\"}", response, response_len);
    if (strstr(request, "\"macAddress\"") != NULL) return respond(VMNET_PLUGIN_OK, "{\"diagnostics\":[]}", response, response_len);
    char text[512];
    snprintf(text, sizeof text,
             "{\"diagnostics\":[{\"severity\":\"error\",\"rule\":\"macvtap-mac-required\","
             "\"path\":\"spec.domain.devices.interfaces[%ld]\","
             "\"message\":\"a macvtap interface needs a fixed macAddress, or the guest's MAC changes on every start\"}]}",
             position);
    return respond(VMNET_PLUGIN_OK, text, response, response_len);
}

static int32_t plan(const char *request, char **response, size_t *response_len) {
    char interface[64], pod[64], text[512];
    if (!member(request, "\"interfaces\":[", "name", interface, sizeof interface))
        return respond(VMNET_PLUGIN_BAD_REQUEST, "{\"error\":\"no interface in the request\"}", response, response_len);
    if (!member(request, "\"podInterface\":{", "name", pod, sizeof pod))
        return respond(VMNET_PLUGIN_FAILED, "{\"error\":\"macvtap needs the Multus pod interface to attach to\"}", response,
                       response_len);
    snprintf(text, sizeof text,
             "{\"interface\":\"%s\",\"podInterface\":\"%s\",\"steps\":[],"
             "\"device\":{\"interface\":{\"name\":\"%s\",\"targetDevice\":\"mvt-%s\",\"model\":\"virtio\",\"linkState\":\"up\"}}}",
             interface, pod, interface, pod);
    return respond(VMNET_PLUGIN_OK, text, response, response_len);
}

static int32_t call(void *context, const char *operation, const char *request, size_t request_len, char **response,
                    size_t *response_len) {
    (void)context;
    /* The request is not NUL-terminated: copy it so that string functions stop at its end. */
    char *document = malloc(request_len + 1);
    if (document == NULL) return respond(VMNET_PLUGIN_FAILED, "{\"error\":\"out of memory\"}", response, response_len);
    memcpy(document, request, request_len);
    document[request_len] = '\0';
    int32_t status;
    if (strstr(document, "\"contractVersion\":\"1.0\"") == NULL)
        status = respond(VMNET_PLUGIN_BAD_REQUEST, "{\"error\":\"macvtap speaks contract 1.0 only\"}", response, response_len);
    else if (strcmp(operation, "describe") == 0)
        status = respond(VMNET_PLUGIN_OK, manifest, response, response_len);
    else if (strcmp(operation, "validate") == 0)
        status = validate(document, response, response_len);
    else if (strcmp(operation, "plan") == 0)
        status = plan(document, response, response_len);
    else if (strcmp(operation, "apply") == 0 || strcmp(operation, "revert") == 0)
        status = respond(VMNET_PLUGIN_FAILED, "{\"error\":\"macvtap plans no custom steps\"}", response, response_len);
    else
        status = respond(VMNET_PLUGIN_UNSUPPORTED, "{\"error\":\"unknown operation\"}", response, response_len);
    free(document);
    return status;
}

static void free_response(void *context, char *response, size_t response_len) {
    (void)context;
    (void)response_len;
    free(response);
}

static const char *const contract_versions[] = {"1.0", NULL};

static const vmnet_plugin_descriptor descriptor = {
    .abi_version = VMNET_PLUGIN_ABI_VERSION,
    .kind = VMNET_PLUGIN_KIND_BINDING,
    .name = "cmacvtap",
    .version = "1.0.0",
    .contract_versions = contract_versions,
    .context = NULL,
    .call = call,
    .free_response = free_response,
};

const vmnet_plugin_descriptor *vmnet_plugin_entry(void) { return &descriptor; }
