/*
 * A binding that wires a tap for its pod interface, plus a custom step of its own, unless a HOSTILE_* macro makes
 * it answer the way a hostile or buggy plugin could; the hostile-plugin tests (Tests/VMNetPluginTests) compile it
 * with one and expect `vmnet up` to refuse before changing anything, naming the plugin:
 *   HOSTILE_STEP          plans a step outside the executor's vocabulary
 *   HOSTILE_LOOPBACK      plans a step on the pod's `lo`
 *   HOSTILE_NEIGHBOUR     plans a step on `tap7`, another VM's link it was not given
 *   HOSTILE_FOREIGN       plans a custom step of another plugin (`bridge`)
 *   HOSTILE_ADDRESS       adds 192.0.2.1/24, outside its pod interface's network and anything it serves
 *   HOSTILE_HUGE          answers plan with a 16 MiB document
 *   HOSTILE_CRASH_PLAN    crashes (SIGSEGV) during plan
 *   HOSTILE_HANG_PLAN     never answers plan
 * and two that fail its custom step, after the tap was made, which `vmnet up` must roll back:
 *   HOSTILE_CRASH_CUSTOM  crashes during its custom step (the journal keeps what was made, `vmnet down` undoes it)
 *   HOSTILE_HANG_CUSTOM   never returns from its custom step
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <vmnet_plugin.h>

static const char manifest[] =
    "{\"kind\":\"binding\",\"manifest\":{\"name\":\"hostile\",\"displayName\":\"Hostile\",\"version\":\"1.0.0\","
    "\"summary\":\"A test binding that answers as a hostile plugin could.\",\"options\":[],"
    "\"capabilities\":{\"servesDHCP\":false,\"usesModel\":true,\"addressFamilies\":[\"ipv4\"]}}}";

static int32_t answer(int32_t status, json_t *document, char **response, size_t *response_len) {
    *response = json_dumps(document, JSON_COMPACT);
    *response_len = *response ? strlen(*response) : 0;
    json_decref(document);
    return *response ? status : VMNET_PLUGIN_FAILED;
}

static int32_t fail(int32_t status, const char *message, char **response, size_t *response_len) {
    return answer(status, json_pack("{s:s}", "error", message), response, response_len);
}

/* A write through a null pointer, as a buggy plugin makes one. */
static int *volatile nowhere;
__attribute__((unused)) static void crash(void) {
    *nowhere = 1;
}

__attribute__((unused, noreturn)) static void hang(void) {
    for (;;) pause();
}

/* The step a HOSTILE_* macro adds to an otherwise good plan, or NULL. */
static json_t *hostile_step(void) {
#if defined(HOSTILE_STEP)
    return json_pack("{s:{s:s}}", "formatDisk", "device", "/dev/sda");
#elif defined(HOSTILE_LOOPBACK)
    return json_pack("{s:{s:s, s:b}}", "setLinkState", "link", "lo", "up", 0);
#elif defined(HOSTILE_NEIGHBOUR)
    return json_pack("{s:{s:s, s:i}}", "setMTU", "link", "tap7", "mtu", 1280);
#elif defined(HOSTILE_FOREIGN)
    return json_pack("{s:{s:{s:s, s:s, s:{}}}}", "custom", "_0", "plugin", "bridge", "name", "enslave", "arguments");
#elif defined(HOSTILE_ADDRESS)
    return json_pack("{s:{s:s, s:s}}", "addAddress", "link", "tap0", "address", "192.0.2.1/24");
#else
    return NULL;
#endif
}

static int32_t plan(json_t *body, char **response, size_t *response_len) {
#ifdef HOSTILE_CRASH_PLAN
    crash();
#endif
#ifdef HOSTILE_HANG_PLAN
    hang();
#endif
    json_t *index = json_object_get(body, "interfaceIndex");
    json_t *interfaces = json_object_get(json_object_get(body, "vm"), "interfaces");
    json_t *interface = json_array_get(interfaces, (size_t)json_integer_value(index));
    const char *name = json_string_value(json_object_get(interface, "name"));
    const char *pod = json_string_value(json_object_get(json_object_get(body, "podInterface"), "name"));
    if (name == NULL || pod == NULL) return fail(VMNET_PLUGIN_BAD_REQUEST, "no such interface", response, response_len);
    json_t *steps = json_pack("[{s:{s:s, s:i, s:i, s:i, s:i}}, {s:{s:s, s:b}}, {s:{s:{s:s, s:s, s:{s:s}}}}]",
                              "createTap", "name", "tap0", "mtu", 1500, "queues", 1, "owner", 0, "group", 0,
                              "setLinkState", "link", "tap0", "up", 1,
                              "custom", "_0", "plugin", "hostile", "name", "tune", "arguments", "link", "tap0");
    json_t *extra = hostile_step();
    if (extra) json_array_insert_new(steps, 1, extra);
    json_t *document = json_pack("{s:s, s:s, s:o, s:{s:{s:s, s:s}}}", "interface", name, "podInterface", pod,
                                 "steps", steps, "device", "interface", "name", name, "targetDevice", "tap0");
#ifdef HOSTILE_HUGE
    size_t size = 16u << 20;
    char *padding = malloc(size + 1);
    memset(padding, 'x', size);
    padding[size] = 0;
    json_object_set_new(document, "migrationBlocker", json_string(padding));
    free(padding);
#endif
    return answer(VMNET_PLUGIN_OK, document, response, response_len);
}

/* apply and revert of the custom step `tune`, which changes nothing. */
static int32_t custom(json_t *step, int apply, char **response, size_t *response_len) {
    const char *name = json_string_value(json_object_get(step, "name"));
    if (name == NULL || strcmp(name, "tune") != 0) return fail(VMNET_PLUGIN_FAILED, "no such custom step", response, response_len);
#ifdef HOSTILE_CRASH_CUSTOM
    if (apply) crash();
#endif
#ifdef HOSTILE_HANG_CUSTOM
    if (apply) hang();
#endif
    (void)apply;
    return answer(VMNET_PLUGIN_OK, json_object(), response, response_len);
}

static int32_t call(void *context, const char *operation, const char *request, size_t request_len, char **response,
                    size_t *response_len) {
    (void)context;
    if (strcmp(operation, "describe") == 0) {
        *response = strdup(manifest);
        *response_len = strlen(manifest);
        return VMNET_PLUGIN_OK;
    }
    json_error_t error;
    json_t *document = json_loadb(request, request_len, 0, &error);
    json_t *body = json_object_get(document, "request");
    if (!json_is_object(body)) {
        json_decref(document);
        return fail(VMNET_PLUGIN_BAD_REQUEST, "the request is not a JSON object", response, response_len);
    }
    int32_t status;
    if (strcmp(operation, "validate") == 0) status = answer(VMNET_PLUGIN_OK, json_pack("{s:[]}", "diagnostics"), response, response_len);
    else if (strcmp(operation, "plan") == 0) status = plan(body, response, response_len);
    else if (strcmp(operation, "apply") == 0) status = custom(body, 1, response, response_len);
    else if (strcmp(operation, "revert") == 0) status = custom(body, 0, response, response_len);
    else status = fail(VMNET_PLUGIN_UNSUPPORTED, "unknown operation", response, response_len);
    json_decref(document);
    return status;
}

static void free_response(void *context, char *response, size_t response_len) {
    (void)context;
    (void)response_len;
    free(response);
}

static const char *const contracts[] = { "1.0", "1.1", "1.2", NULL };
static const vmnet_plugin_descriptor descriptor = {
    VMNET_PLUGIN_ABI_VERSION, VMNET_PLUGIN_KIND_BINDING, "hostile", "1.0.0", contracts, NULL, call, free_response,
};

__attribute__((visibility("default"))) const vmnet_plugin_descriptor *vmnet_plugin_entry(void) { return &descriptor; }
