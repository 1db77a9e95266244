#include "vmnet_plugin_guard.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const int guarded[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
static struct sigaction replaced[NSIG];
static pthread_once_t installed = PTHREAD_ONCE_INIT;
static _Thread_local const char *message;
static _Thread_local size_t message_length;
static _Thread_local void *alternate_stack;

static void on_fatal_signal(int signal, siginfo_t *info, void *context) {
    (void)context;
    if (message != NULL) {
        char number[4] = { 0 };
        int length = 0;
        for (int value = signal; value > 0 && length < 3; value /= 10) length++;
        for (int index = length - 1, value = signal; index >= 0; index--, value /= 10) number[index] = (char)('0' + value % 10);
        ssize_t ignored = write(STDERR_FILENO, message, message_length);
        ignored = write(STDERR_FILENO, number, (size_t)length);
        ignored = write(STDERR_FILENO, ")\n", 2);
        (void)ignored;
        message = NULL;
    }
    /* The handler this one replaced takes over: a fault raises the signal again when this returns, a signal that
     * was sent (abort, raise) is sent again. */
    sigaction(signal, &replaced[signal], NULL);
    if (info == NULL || info->si_code <= 0) {
        raise(signal);
        /* The handler it replaced returned (a crash reporter that expects a fault to recur): die of the signal. */
        struct sigaction fallback;
        memset(&fallback, 0, sizeof fallback);
        fallback.sa_handler = SIG_DFL;
        sigaction(signal, &fallback, NULL);
        raise(signal);
    }
}

static void install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fatal_signal;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    for (size_t index = 0; index < sizeof guarded / sizeof guarded[0]; index++) {
        sigaction(guarded[index], &action, &replaced[guarded[index]]);
    }
}

void vmnet_plugin_guard_install(void) {
    pthread_once(&installed, install);
}

void vmnet_plugin_guard_enter(const char *text, size_t length) {
    if (alternate_stack == NULL && (alternate_stack = malloc(SIGSTKSZ * 4)) != NULL) {
        stack_t stack = { .ss_sp = alternate_stack, .ss_size = SIGSTKSZ * 4, .ss_flags = 0 };
        sigaltstack(&stack, NULL);
    }
    message_length = length;
    message = text;
}

void vmnet_plugin_guard_leave(void) {
    message = NULL;
    if (alternate_stack != NULL) {
        stack_t stack = { .ss_sp = NULL, .ss_size = 0, .ss_flags = SS_DISABLE };
        sigaltstack(&stack, NULL);
        free(alternate_stack);
        alternate_stack = NULL;
    }
}
