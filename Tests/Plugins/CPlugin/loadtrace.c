/*
 * Not a plugin: an LD_AUDIT module that prints, on standard error, the file behind every object the dynamic loader
 * maps, as "loadtrace: PATH". vmnet loads a plugin through /proc/self/fd/N, which LD_DEBUG=files reports only by
 * that name; while the object is being mapped, the link resolves to the plugin file. The plugin cache tests read it.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

__attribute__((visibility("default"))) unsigned int la_version(unsigned int version) {
    (void)version;
    return LAV_CURRENT;
}

__attribute__((visibility("default"))) unsigned int la_objopen(struct link_map *map, Lmid_t lmid, uintptr_t *cookie) {
    (void)lmid;
    (void)cookie;
    char target[4096];
    const char *file = map->l_name;
    ssize_t length = readlink(file, target, sizeof target - 1);
    if (length > 0) {
        target[length] = '\0';
        file = target;
    }
    if (file[0] != '\0') fprintf(stderr, "loadtrace: %s\n", file);
    return 0;
}
