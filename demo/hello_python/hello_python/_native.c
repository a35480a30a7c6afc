/*
 * A tiny extension module of the app's own. It is compiled for the image's
 * platform, so it reports the architecture its machine code targets: if the
 * build picked the wrong toolchain, the running image says so.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#if defined(__x86_64__)
#define BUILD_ARCH "x86_64"
#elif defined(__aarch64__)
#define BUILD_ARCH "aarch64"
#elif defined(__arm__)
#define BUILD_ARCH "arm"
#elif defined(__riscv) && __riscv_xlen == 64
#define BUILD_ARCH "riscv64"
#elif defined(__s390x__)
#define BUILD_ARCH "s390x"
#elif defined(__powerpc64__)
#define BUILD_ARCH "ppc64le"
#else
#define BUILD_ARCH "unknown"
#endif

static PyObject *build_arch(PyObject *self, PyObject *unused) {
    return PyUnicode_FromString(BUILD_ARCH);
}

/* FNV-1a over bytes: a little real work done in C. */
static PyObject *fnv1a(PyObject *self, PyObject *args) {
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "y*", &data)) {
        return NULL;
    }
    unsigned long long hash = 14695981039346656037ULL;
    const unsigned char *bytes = data.buf;
    for (Py_ssize_t i = 0; i < data.len; i++) {
        hash ^= bytes[i];
        hash *= 1099511628211ULL;
    }
    PyBuffer_Release(&data);
    return PyLong_FromUnsignedLongLong(hash);
}

static PyMethodDef methods[] = {
    {"build_arch", build_arch, METH_NOARGS, "Architecture this module was compiled for."},
    {"fnv1a", fnv1a, METH_VARARGS, "64-bit FNV-1a hash of a bytes-like object."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "hello_python._native", "Native helpers of hello_python.", -1, methods,
};

PyMODINIT_FUNC PyInit__native(void) {
    return PyModule_Create(&module);
}
