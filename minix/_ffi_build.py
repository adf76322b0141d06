"""cffi builder (API mode, out of line) for the Minix C core.

Called by the package build (setup.py ``cffi_modules``) and runnable directly
(``python minix/_ffi_build.py``) to compile the extension in place during development.
The declarations Python sees are read from the C headers themselves: the public API
(``csrc/minix_core.h``) and the internal kernels the unit tests drive (``csrc/amd.h``,
``csrc/minix_testing.h``); ``minix/_cdef/`` holds only the shared types and a partial view of
the LDL factor struct.
"""
import glob
import os
import re
import sys

from cffi import FFI

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CSRC = os.path.join(ROOT, "csrc")


def _public_cdef():
    """The declarations of csrc/minix_core.h as cffi reads them: the header is the single
    source of the public API, so Python can never see a stale copy."""
    with open(os.path.join(CSRC, "minix_core.h")) as f:
        header = f.read()
    body = header.split('extern "C" {\n#endif\n', 1)[1].rsplit("#ifdef __cplusplus", 1)[0]
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    body = body.replace("MINIX_API ", "")
    count = re.search(r"MINIX_T__COUNT\s*=\s*(\d+)", body).group(1)
    body = body.replace("[MINIX_T__COUNT]", "[%s]" % count)
    return body + '\nextern "Python" void minix_py_print(const char *text, void *ctx);\n'


def _header_prototypes(name):
    """Declarations of an internal header (comments and preprocessor lines removed)."""
    with open(os.path.join(CSRC, name)) as f:
        text = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _cdefs():
    """Types, the public API, then the internal kernels the tests drive. Declarations come from
    the C headers themselves; only the shared types and the partial (read-only) view of
    LdlFactor are written for cffi in minix/_cdef/."""
    cdef_dir = os.path.join(HERE, "_cdef")
    with open(os.path.join(cdef_dir, "00_types.h")) as f:
        types = f.read()
    with open(os.path.join(cdef_dir, "20_ldl.h")) as f:
        ldl = f.read()
    return "\n".join([types, _public_cdef(), _header_prototypes("amd.h"), ldl,
                      _header_prototypes("minix_testing.h")])


def _sources(absolute):
    paths = sorted(glob.glob(os.path.join(CSRC, "*.c")))
    return paths if absolute else [os.path.relpath(p, ROOT) for p in paths]


def _extra_compile_args():
    # nothing reads errno or the floating-point exception flags; without these two, loops
    # with a sqrt or a select do not vectorize (the equilibration's). Neither changes a result.
    args = ["-O3", "-std=gnu99", "-fno-math-errno", "-fno-trapping-math", "-fvisibility=hidden",
            "-Wall", "-Wno-unused-function"]
    extra = os.environ.get("MINIX_CFLAGS")
    if extra:
        args += extra.split()
    return args


def make_builder(absolute=False):
    """setuptools wants paths relative to the project; an in-place build wants them absolute."""
    ffi = FFI()
    ffi.cdef(_cdefs())
    ffi.set_source(
        "minix._minix_cffi",
        '#include "minix_core.h"\n#include "minix_testing.h"\n',
        sources=_sources(absolute),
        include_dirs=[CSRC if absolute else os.path.relpath(CSRC, ROOT)],
        extra_compile_args=_extra_compile_args(),
        extra_link_args=os.environ.get("MINIX_LDFLAGS", "").split(),
        libraries=["m", "pthread"],
    )
    return ffi


ffibuilder = make_builder()

if __name__ == "__main__":
    make_builder(absolute=True).compile(tmpdir=os.path.join(ROOT, "build", "cffi"), verbose="-v" in sys.argv)
    # compile() writes the module into build/cffi/minix/; move it beside this file with an
    # atomic rename, so processes that have the old module loaded keep a valid mapping
    import shutil
    for so in glob.glob(os.path.join(ROOT, "build", "cffi", "minix", "_minix_cffi*.so")):
        tmp = os.path.join(HERE, os.path.basename(so) + ".tmp")
        shutil.copy(so, tmp)
        os.replace(tmp, os.path.join(HERE, os.path.basename(so)))
