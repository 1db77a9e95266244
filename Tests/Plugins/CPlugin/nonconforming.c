/*
 * A binding that passes vmnet's conformance suite, unless a FAULT_* macro breaks it in one way, which the
 * conformance tests compile and expect the suite to name:
 *   FAULT_PRINTS   prints on load                                     -> loading.quiet
 *   FAULT_EXPORTS  exports a second symbol                            -> loading.exports
 *   FAULT_RANDOM   answers the same plan request differently          -> contract.deterministic
 *   FAULT_CRASH    crashes on a request that is not JSON              -> contract.malformed-requests
 *   FAULT_DHCP     plans a DHCP server, declaring servesDHCP false    -> capabilities.dhcp
 *   FAULT_IPV6     adds an IPv6 address, declaring IPv4 only          -> capabilities.address-families
 *   FAULT_STEP     plans a step that is not in the vocabulary         -> plans.step-vocabulary
 *   FAULT_HANG     never answers an operation it does not know        -> contract.malformed-requests
 *   FAULT_KEEP     its revert leaves what its custom step made        -> live.apply-down, live.rollback
 * It plans a tap named after its pod interface, like examples/c-binding, plus a custom step of its own that makes
 * a second, persistent tap (`nc0` for `tap0`) and whose revert deletes it. It reads requests with jansson.
 */
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <jansson.h>
#include <vmnet_plugin.h>

static const char manifest[] =
    "{\"kind\":\"binding\",\"manifest\":{\"name\":\"nonconforming\",\"displayName\":\"Nonconforming\","
    "\"version\":\"1.0.0\",\"summary\":\"A test binding with faults to switch on.\",\"options\":[],"
    "\"capabilities\":{\"forwardsPorts\":true,\"servesDHCP\":false,\"usesModel\":true,\"addressFamilies\":[\"ipv4\"]}}}";

#ifdef FAULT_PRINTS
__attribute__((constructor)) static void announce(void) { printf("nonconforming: loaded\n"); }
#endif

#ifdef FAULT_EXPORTS
__attribute__((visibility("default"))) int nonconforming_helper(void) { return 42; }
#endif

static int32_t answer(int32_t status, json_t *document, char **response, size_t *response_len) {
    *response = json_dumps(document, JSON_COMPACT | JSON_SORT_KEYS);
    *response_len = *response ? strlen(*response) : 0;
    json_decref(document);
    return *response ? status : VMNET_PLUGIN_FAILED;
}

static int32_t fail(int32_t status, const char *message, char **response, size_t *response_len) {
    return answer(status, json_pack("{s:s}", "error", message), response, response_len);
}

static json_t *requested_interface(json_t *body) {
    json_t *index = json_object_get(body, "interfaceIndex");
    json_t *interfaces = json_object_get(json_object_get(body, "vm"), "interfaces");
    if (!json_is_integer(index) || !json_is_array(interfaces)) return NULL;
    json_int_t position = json_integer_value(index);
    if (position < 0 || (size_t)position >= json_array_size(interfaces)) return NULL;
    json_t *interface = json_array_get(interfaces, (size_t)position);
    return json_is_string(json_object_get(interface, "name")) ? interface : NULL;
}

/* Makes the persistent tap `name`, or with `persist` 0 deletes it: the custom step and its revert. */
static int persist_tap(const char *name, int persist) {
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0) return -1;
    struct ifreq request;
    memset(&request, 0, sizeof request);
    request.ifr_flags = IFF_TAP | IFF_NO_PI;
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    int result = ioctl(fd, TUNSETIFF, &request) == 0 && ioctl(fd, TUNSETPERSIST, persist) == 0 ? 0 : -1;
    close(fd);
    return result;
}

/* apply and revert of the custom step `persist-tap`. */
static int32_t custom(json_t *step, int apply, char **response, size_t *response_len) {
    const char *plugin = json_string_value(json_object_get(step, "plugin"));
    const char *name = json_string_value(json_object_get(step, "name"));
    const char *tap = json_string_value(json_object_get(json_object_get(step, "arguments"), "tap"));
    if (!plugin || strcmp(plugin, "nonconforming") != 0 || !name || strcmp(name, "persist-tap") != 0 || !tap ||
        strlen(tap) >= IFNAMSIZ)
        return fail(VMNET_PLUGIN_FAILED, "no such custom step", response, response_len);
#ifdef FAULT_KEEP
    if (!apply) return answer(VMNET_PLUGIN_OK, json_object(), response, response_len);
#endif
    if (persist_tap(tap, apply) != 0) return fail(VMNET_PLUGIN_FAILED, "the tap cannot be made", response, response_len);
    return answer(VMNET_PLUGIN_OK, json_object(), response, response_len);
}

static int32_t plan(json_t *body, char **response, size_t *response_len) {
    json_t *interface = requested_interface(body);
    if (interface == NULL) return fail(VMNET_PLUGIN_BAD_REQUEST, "no such interface", response, response_len);
    const char *name = json_string_value(json_object_get(interface, "name"));
    json_t *pod = json_object_get(body, "podInterface");
    const char *pod_name = json_string_value(json_object_get(pod, "name"));
    if (pod_name == NULL || strlen(pod_name) > 15)
        return fail(VMNET_PLUGIN_FAILED, "no pod interface was assigned", response, response_len);
    char tap[16] = "tap0";
    if (!json_is_true(json_object_get(body, "isPrimary")))
        snprintf(tap, sizeof tap, "tap%s", strlen(pod_name) > 3 ? pod_name + 3 : pod_name);
    char second[16];
    snprintf(second, sizeof second, "nc%s", tap + 3);
    json_t *steps = json_pack("[{s:{s:s, s:i, s:i, s:i, s:i}}, {s:{s:{s:s, s:s, s:{s:s}}}}, {s:{s:s, s:b}}]",
                              "createTap", "name", tap, "mtu", 1500, "queues", 1, "owner", 0, "group", 0,
                              "custom", "_0", "plugin", "nonconforming", "name", "persist-tap", "arguments", "tap", second,
                              "setLinkState", "link", tap, "up", 1);
    json_t *device = json_pack("{s:s, s:s}", "name", name, "targetDevice", tap);
    json_t *document = json_pack("{s:s, s:s, s:o, s:{s:o}}", "interface", name, "podInterface", pod_name, "steps", steps,
                                 "device", "interface", device);
#ifdef FAULT_RANDOM
    static atomic_int calls;
    json_object_set_new(device, "acpiIndex", json_integer(atomic_fetch_add(&calls, 1)));
#endif
#ifdef FAULT_DHCP
    json_object_set_new(document, "dhcp",
                        json_pack("{s:s, s:s, s:s, s:[], s:i, s:s}", "interface", tap, "serverAddress", "10.0.2.1",
                                  "clientAddress", "10.0.2.2/24", "routes", "mtu", 1500, "hostname", "guest"));
#endif
#ifdef FAULT_IPV6
    json_array_append_new(steps, json_pack("{s:{s:s, s:s}}", "addAddress", "link", tap, "address", "fd10::1/64"));
#endif
#ifdef FAULT_STEP
    json_array_append_new(steps, json_pack("{s:{s:s, s:i}}", "createVxlan", "name", "vx0", "id", 42));
#endif
    return answer(VMNET_PLUGIN_OK, document, response, response_len);
}

static int32_t call(void *context, const char *operation, const char *request, size_t request_len, char **response,
                    size_t *response_len) {
    (void)context;
    json_t *document = json_loadb(request, request_len, 0, NULL);
    if (document == NULL) {
#ifdef FAULT_CRASH
        volatile int *nowhere = NULL;
        *nowhere = 1;
#endif
        return fail(VMNET_PLUGIN_BAD_REQUEST, "the request is not JSON", response, response_len);
    }
    json_t *version = json_object_get(document, "contractVersion");
    json_t *body = json_object_get(document, "request");
    int32_t status;
    if (!json_is_string(version) || strcmp(json_string_value(version), "1.0") != 0 || !json_is_object(body))
        status = fail(VMNET_PLUGIN_BAD_REQUEST, "not a contract 1.0 request", response, response_len);
    else if (strcmp(operation, "describe") == 0)
        status = answer(VMNET_PLUGIN_OK, json_loads(manifest, 0, NULL), response, response_len);
    else if (strcmp(operation, "validate") == 0)
        status = requested_interface(body)
                     ? answer(VMNET_PLUGIN_OK, json_pack("{s:[]}", "diagnostics"), response, response_len)
                     : fail(VMNET_PLUGIN_BAD_REQUEST, "no such interface", response, response_len);
    else if (strcmp(operation, "plan") == 0)
        status = plan(body, response, response_len);
    else if (strcmp(operation, "apply") == 0 || strcmp(operation, "revert") == 0)
        status = custom(body, strcmp(operation, "apply") == 0, response, response_len);
    else {
#ifdef FAULT_HANG
        pause();
#endif
        status = fail(VMNET_PLUGIN_UNSUPPORTED, "unknown operation", response, response_len);
    }
    json_decref(document);
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
    .name = "nonconforming",
    .version = "1.0.0",
    .contract_versions = contract_versions,
    .context = NULL,
    .call = call,
    .free_response = free_response,
};

const vmnet_plugin_descriptor *vmnet_plugin_entry(void) { return &descriptor; }
