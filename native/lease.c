/*
 * File leases for daybook's writers (Linux fcntl F_SETLEASE). While daybook
 * holds a write lease on a journal file, no other process can open it: an
 * editor's save waits until daybook has read, written and released it, so
 * neither ever sees or writes half of the other's work. A lease is granted
 * only while no other process has the file open, which is also how daybook
 * waits for a save in progress to finish.
 *
 * setLease(fd, "write" | "none") returns 0, or the errno of the refusal
 * (EAGAIN: another process has the file open; EACCES: not the file's owner;
 * EINVAL: the file system has no leases).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <node_api.h>

static napi_value set_lease(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t fd = -1;
  char kind[16] = {0};
  size_t len = 0;
  napi_value result;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 ||
      napi_get_value_int32(env, argv[0], &fd) != napi_ok ||
      napi_get_value_string_utf8(env, argv[1], kind, sizeof kind, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "setLease(fd, 'write' | 'none')");
    return NULL;
  }
  int type = strcmp(kind, "write") == 0 ? F_WRLCK : F_UNLCK;
  int err = fcntl(fd, F_SETLEASE, type) == 0 ? 0 : errno;
  napi_create_int32(env, err, &result);
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn;
  /* A lease break is told by SIGIO, whose default is to end the process:
     daybook holds a lease for milliseconds and releases it itself. */
  signal(SIGIO, SIG_IGN);
  napi_create_function(env, "setLease", NAPI_AUTO_LENGTH, set_lease, NULL, &fn);
  napi_set_named_property(env, exports, "setLease", fn);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
