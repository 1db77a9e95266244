/*
 * vmnet_plugin.h — the C ABI of a vmnet plugin.
 *
 * A plugin is a shared object (`.so`) that exports exactly one symbol, `vmnet_plugin_entry`. vmnet opens the file,
 * checks it through the descriptor, loads that descriptor with dlopen("/proc/self/fd/N", RTLD_NOW | RTLD_LOCAL |
 * RTLD_NODELETE) (so $ORIGIN is /proc/self/fd), never closes it, calls the entry once and reads the descriptor it
 * returns. Everything else crosses the boundary as JSON text through the descriptor's `call` function, so a plugin
 * may be written in any language and built with any compiler: Swift plugins use the VMNetPluginKit module, C
 * plugins include this header.
 *
 * A minimal C plugin (build with `cc -shared -fPIC -fvisibility=hidden -I <vmnet>/Sources/CVMNetPlugin/include`):
 *
 *     #include <vmnet_plugin.h>
 *     static const char *const contracts[] = { "1.0", NULL };
 *     static int32_t call(void *context, const char *operation, const char *request, size_t request_len,
 *                         char **response, size_t *response_len) { ... }
 *     static void free_response(void *context, char *response, size_t response_len) { free(response); }
 *     static const vmnet_plugin_descriptor descriptor = {
 *         VMNET_PLUGIN_ABI_VERSION, VMNET_PLUGIN_KIND_BINDING, "ctap", "1.0.0", contracts, NULL,
 *         call, free_response };
 *     const vmnet_plugin_descriptor *vmnet_plugin_entry(void) { return &descriptor; }
 *
 * The JSON documents, operation by operation, are described in docs/plugins.md.
 */
#ifndef VMNET_PLUGIN_H
#define VMNET_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The version of this header's binary layout. It changes only when the descriptor's layout or the meaning of a
 * field changes; new JSON operations or fields are announced through contract versions instead. vmnet refuses a
 * plugin whose descriptor carries another value.
 */
#define VMNET_PLUGIN_ABI_VERSION 1u

/* The name of the one symbol a plugin exports. */
#define VMNET_PLUGIN_ENTRY_SYMBOL "vmnet_plugin_entry"

/* A binding: how an interface connects the guest's NIC (bridge, masquerade, slirp, sriov, ...). */
#define VMNET_PLUGIN_KIND_BINDING 1u
/* A backend: where a network comes from (pod, multus, genie, ...). */
#define VMNET_PLUGIN_KIND_BACKEND 2u

/* `call` results. Every non-zero result comes with a response `{"error": "<what went wrong and what to do>"}`. */
/* The operation succeeded; the response is its result document. */
#define VMNET_PLUGIN_OK 0
/* The operation ran and failed, e.g. a plan that cannot be made. */
#define VMNET_PLUGIN_FAILED 1
/* The request is not valid JSON, or not the document the operation takes. */
#define VMNET_PLUGIN_BAD_REQUEST 2
/* The plugin does not know the operation (e.g. `apply` on a backend). */
#define VMNET_PLUGIN_UNSUPPORTED 3

/*
 * Performs one operation.
 *
 * context       the descriptor's `context`, handed back unchanged.
 * operation     NUL-terminated name: "describe", "validate", "plan", "apply" or "revert".
 * request       the request document, UTF-8 JSON, `request_len` bytes (not NUL-terminated; do not read past it).
 *               Always an object `{"contractVersion": "1.0", "request": <the operation's input>}`; the contract
 *               version is the one vmnet chose from `contract_versions`, and the plugin must answer in it.
 * response      out: the response document, UTF-8 JSON, allocated by the plugin. vmnet hands it back to
 *               `free_response` once read. The plugin may set it to NULL only when it cannot allocate memory.
 * response_len  out: the response's length in bytes (a trailing NUL, if any, is not counted).
 *
 * Returns VMNET_PLUGIN_OK with the operation's result, or a non-zero VMNET_PLUGIN_* value with an error document.
 * vmnet may call `call` from several threads at once: a plugin must be safe for that (keep no unguarded state).
 * A plugin must not call exit(), abort() or longjmp out of `call`: it runs inside vmnet's process.
 */
typedef int32_t (*vmnet_plugin_call_fn)(void *context, const char *operation, const char *request, size_t request_len,
                                        char **response, size_t *response_len);

/*
 * Releases a response that `call` returned, with the allocator that made it.
 *
 * context       the descriptor's `context`.
 * response      the `*response` of one `call`; never NULL.
 * response_len  its `*response_len`.
 */
typedef void (*vmnet_plugin_free_fn)(void *context, char *response, size_t response_len);

/*
 * What a plugin is and how to talk to it. The descriptor and every string and array it points to must stay valid
 * and unchanged for the life of the process: vmnet keeps pointers to them and never unloads a plugin.
 */
typedef struct vmnet_plugin_descriptor {
    /* VMNET_PLUGIN_ABI_VERSION as the plugin was compiled. Always the first field, in every ABI version, so vmnet
       can read it before trusting the rest of the layout. */
    uint32_t abi_version;
    /* VMNET_PLUGIN_KIND_BINDING or VMNET_PLUGIN_KIND_BACKEND. */
    uint32_t kind;
    /* The key that selects the plugin in a VM manifest, e.g. "bridge" (an interface's `bridge: {}`) or "multus"
       (a network's `multus: {...}`). Letters, digits, '-' and '_', starting with a letter. Must equal the name in
       the manifest that `describe` returns. Unique per kind: of two plugins with one name, the first found wins. */
    const char *name;
    /* The plugin's own version, e.g. "1.2.0", shown by `vmnet plugins list`; must equal the manifest's. */
    const char *version;
    /* The JSON contract versions the plugin speaks, "major.minor", as a NULL-terminated array, e.g.
       { "1.0", NULL }. vmnet picks the highest version both sides speak (as CNI does) and puts it in every
       request; when there is none it refuses the plugin, naming both lists. */
    const char *const *contract_versions;
    /* Whatever the plugin needs to find its state; handed back to `call` and `free_response`. May be NULL. */
    void *context;
    /* Performs an operation; see vmnet_plugin_call_fn. */
    vmnet_plugin_call_fn call;
    /* Releases a response; see vmnet_plugin_free_fn. */
    vmnet_plugin_free_fn free_response;
} vmnet_plugin_descriptor;

/* The type of the entry symbol, for dlsym. */
typedef const vmnet_plugin_descriptor *(*vmnet_plugin_entry_fn)(void);

#if !defined(__swift__)
/*
 * The entry symbol: returns the plugin's descriptor. vmnet calls it right after dlopen, before anything else,
 * and may call it again (a second registry in one process), so it must return the same descriptor every time.
 * Declared here with default visibility so that a plugin compiled with -fvisibility=hidden exports it and nothing
 * else. (Swift plugins define it with `@c(vmnet_plugin_entry)` through VMNetPluginKit.)
 */
__attribute__((visibility("default"))) const vmnet_plugin_descriptor *vmnet_plugin_entry(void);
#endif

#ifdef __cplusplus
}
#endif

#endif /* VMNET_PLUGIN_H */
