/*
 * ctap: a vmnet binding plugin in plain C. The guest's NIC is a tap in the pod's network namespace, attached by
 * libvirt as an ethernet interface; the binding serves no DHCP and forwards no ports, so the guest configures its
 * own addresses.
 *
 * Everything crosses the boundary as JSON (docs/plugins.md): this plugin reads requests and writes answers with
 * jansson, and never touches the host itself. vmnet's executor makes the steps it plans.
 *
 *   cc -shared -fPIC -fvisibility=hidden -I <vmnet>/Sources/CVMNetPlugin/include \
 *      -o libVMNetBindingCTap.so ctap.c -ljansson
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <vmnet_plugin.h>

static const char manifest[] =
    "{\"kind\":\"binding\",\"manifest\":{\"name\":\"ctap\",\"displayName\":\"C tap\",\"version\":\"1.0.0\","
    "\"summary\":\"Attaches the guest NIC to a tap in the pod; no DHCP, no ports: the guest configures itself.\","
    "\"options\":[],\"capabilities\":{\"configGates\":[],\"forwardsPorts\":false,\"servesDHCP\":false,"
    "\"usesModel\":true,\"reservedMACAddresses\":[],\"addressFamilies\":[]}}}";

/* Hands `text` (NUL-terminated, malloc'd or copied) to vmnet as the response. */
static int32_t respond(int32_t status, char *text, char **response, size_t *response_len) {
    *response = text;
    *response_len = text ? strlen(text) : 0;
    return text ? status : VMNET_PLUGIN_FAILED;
}

/* An error document `{"error": message}` with `status`. */
static int32_t fail(int32_t status, const char *message, char **response, size_t *response_len) {
    json_t *document = json_pack("{s:s}", "error", message);
    char *text = json_dumps(document, JSON_COMPACT);
    json_decref(document);
    return respond(status, text, response, response_len);
}

/* A result document, serialized with sorted keys so that one request always gets the same bytes. */
static int32_t succeed(json_t *document, char **response, size_t *response_len) {
    char *text = json_dumps(document, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(document);
    return respond(VMNET_PLUGIN_OK, text, response, response_len);
}

/* The interface the request is about (`vm.interfaces[interfaceIndex]`), or NULL when the index is not one. */
static json_t *requested_interface(json_t *body) {
    json_t *index = json_object_get(body, "interfaceIndex");
    json_t *interfaces = json_object_get(json_object_get(body, "vm"), "interfaces");
    if (!json_is_integer(index) || !json_is_array(interfaces)) return NULL;
    json_int_t position = json_integer_value(index);
    if (position < 0 || (size_t)position >= json_array_size(interfaces)) return NULL;
    json_t *interface = json_array_get(interfaces, (size_t)position);
    return json_is_string(json_object_get(interface, "name")) ? interface : NULL;
}

/* The integer `key` of `object`, or `fallback`. */
static json_int_t integer(json_t *object, const char *key, json_int_t fallback) {
    json_t *value = json_object_get(object, key);
    return json_is_integer(value) ? json_integer_value(value) : fallback;
}

/* ctap has nothing to check beyond what its manifest declares. */
static int32_t validate(json_t *body, char **response, size_t *response_len) {
    if (requested_interface(body) == NULL)
        return fail(VMNET_PLUGIN_BAD_REQUEST, "interfaceIndex is not an index of the VM's interfaces", response,
                    response_len);
    return succeed(json_pack("{s:[]}", "diagnostics"), response, response_len);
}

/* One tap named after the pod interface (tap0 for the primary one, tap1 for net1), up, and the NIC on it. */
static int32_t plan(json_t *body, char **response, size_t *response_len) {
    json_t *interface = requested_interface(body);
    if (interface == NULL)
        return fail(VMNET_PLUGIN_BAD_REQUEST, "interfaceIndex is not an index of the VM's interfaces", response,
                    response_len);
    const char *name = json_string_value(json_object_get(interface, "name"));
    json_t *pod = json_object_get(body, "podInterface");
    const char *pod_name = json_string_value(json_object_get(pod, "name"));
    if (pod_name == NULL || strlen(pod_name) > 15)
        return fail(VMNET_PLUGIN_FAILED, "ctap needs the pod interface its backend assigned, and none was given",
                    response, response_len);

    /* tap0 for the pod's primary interface, else "tap" and the pod interface's name minus its first three
       characters, as vmnet's own bindings name theirs (net1 -> tap1, podb1f51a511f1 -> tapb1f51a511f1). */
    char tap[16] = "tap0";
    if (!json_is_true(json_object_get(body, "isPrimary")))
        snprintf(tap, sizeof tap, "tap%s", strlen(pod_name) > 3 ? pod_name + 3 : pod_name);

    /* The guest keeps the MAC its interface asks for, else takes the pod interface's: lower case, colons. */
    json_t *written = json_object_get(interface, "macAddress");
    const char *source = json_is_string(written) ? json_string_value(written) : json_string_value(json_object_get(pod, "macAddress"));
    char mac[18] = "";
    for (size_t i = 0; source && source[i] && i < sizeof mac - 1; i++)
        mac[i] = source[i] == '-' ? ':' : (char)tolower((unsigned char)source[i]);

    /* One queue per vCPU (at most 256) for a virtio NIC with multiqueue on, as KubeVirt does. */
    json_t *vm = json_object_get(body, "vm");
    json_t *model = json_object_get(interface, "model");
    const char *model_name = json_is_string(model) ? json_string_value(model) : "virtio";
    json_t *cpu = json_object_get(vm, "cpu");
    json_int_t vcpus = integer(cpu, "sockets", 1) * integer(cpu, "cores", 1) * integer(cpu, "threads", 1);
    json_int_t queues = 1;
    if (json_is_true(json_object_get(vm, "networkInterfaceMultiqueue")) && strcmp(model_name, "virtio") == 0)
        queues = vcpus < 1 ? 1 : (vcpus > 256 ? 256 : vcpus);

    json_int_t mtu = integer(pod, "mtu", 1500);
    json_t *device = json_pack("{s:s, s:s, s:s, s:I, s:s}", "name", name, "targetDevice", tap, "model", model_name,
                               "mtu", mtu, "linkState", "up");
    if (mac[0] != '\0') json_object_set_new(device, "macAddress", json_string(mac));
    if (queues > 1) json_object_set_new(device, "queues", json_integer(queues));
    json_t *boot = json_object_get(interface, "bootOrder");
    if (json_is_integer(boot)) json_object_set(device, "bootOrder", boot);
    json_t *pci = json_object_get(interface, "pciAddress");
    if (json_is_string(pci)) json_object_set(device, "pciAddress", pci);

    json_t *document = json_pack(
        "{s:s, s:s, s:[{s:{s:s, s:I, s:I, s:I, s:I}}, {s:{s:s, s:b}}], s:{s:o}}", "interface", name, "podInterface",
        pod_name, "steps", "createTap", "name", tap, "mtu", mtu, "queues", queues, "owner", integer(body, "tapOwner", 0),
        "group", integer(body, "tapGroup", 0), "setLinkState", "link", tap, "up", 1, "device", "interface", device);
    return succeed(document, response, response_len);
}

static int32_t call(void *context, const char *operation, const char *request, size_t request_len, char **response,
                    size_t *response_len) {
    (void)context;
    json_error_t error;
    json_t *document = json_loadb(request, request_len, 0, &error);
    if (document == NULL) {
        char message[256];
        snprintf(message, sizeof message, "the %s request is not JSON: %s", operation, error.text);
        return fail(VMNET_PLUGIN_BAD_REQUEST, message, response, response_len);
    }
    int32_t status;
    json_t *body = json_object_get(document, "request");
    if (!json_is_string(json_object_get(document, "contractVersion")) ||
        strcmp(json_string_value(json_object_get(document, "contractVersion")), "1.0") != 0)
        status = fail(VMNET_PLUGIN_BAD_REQUEST, "ctap speaks contract version 1.0 only", response, response_len);
    else if (!json_is_object(body))
        status = fail(VMNET_PLUGIN_BAD_REQUEST, "the request's body must be an object", response, response_len);
    else if (strcmp(operation, "describe") == 0)
        status = respond(VMNET_PLUGIN_OK, strdup(manifest), response, response_len);
    else if (strcmp(operation, "validate") == 0)
        status = validate(body, response, response_len);
    else if (strcmp(operation, "plan") == 0)
        status = plan(body, response, response_len);
    else if (strcmp(operation, "apply") == 0 || strcmp(operation, "revert") == 0)
        status = fail(VMNET_PLUGIN_FAILED, "ctap plans no custom steps", response, response_len);
    else
        status = fail(VMNET_PLUGIN_UNSUPPORTED, "ctap answers describe, validate, plan, apply and revert", response,
                      response_len);
    json_decref(document);
    return status;
}

/* jansson's json_dumps and strdup both allocate with malloc. */
static void free_response(void *context, char *response, size_t response_len) {
    (void)context;
    (void)response_len;
    free(response);
}

static const char *const contract_versions[] = {"1.0", NULL};

static const vmnet_plugin_descriptor descriptor = {
    .abi_version = VMNET_PLUGIN_ABI_VERSION,
    .kind = VMNET_PLUGIN_KIND_BINDING,
    .name = "ctap",
    .version = "1.0.0",
    .contract_versions = contract_versions,
    .context = NULL,
    .call = call,
    .free_response = free_response,
};

const vmnet_plugin_descriptor *vmnet_plugin_entry(void) { return &descriptor; }
