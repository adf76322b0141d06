"""cffi builder (API mode, out of line) for the Minix C core.

Called by the package build (setup.py ``cffi_modules``) and runnable directly
(``python minix/_ffi_build.py``) to compile the extension in place during development.
The declarations Python sees live in ``minix/_cdef/*.h``: the public API plus the internal
kernels the unit tests drive (ordering, LDL^T, KKT).
"""
import glob
import os
import sys

from cffi import FFI

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CSRC = os.path.join(ROOT, "csrc")


def _cdefs():
    text = []
    for path in sorted(glob.glob(os.path.join(HERE, "_cdef", "*.h"))):
        with open(path) as f:
            text.append(f.read())
    return "\n".join(text)


def _sources():
    return sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(CSRC, "*.c")))


def _extra_compile_args():
    args = ["-O3", "-std=gnu99", "-fvisibility=hidden", "-Wall", "-Wno-unused-function"]
    extra = os.environ.get("MINIX_CFLAGS")
    if extra:
        args += extra.split()
    return args


ffibuilder = FFI()
ffibuilder.cdef(_cdefs())
ffibuilder.set_source(
    "minix._minix_cffi",
    '#include "minix_core.h"\n#include "minix_testing.h"\n',
    sources=_sources(),
    include_dirs=[os.path.relpath(CSRC, ROOT)],
    extra_compile_args=_extra_compile_args(),
    extra_link_args=os.environ.get("MINIX_LDFLAGS", "").split(),
    libraries=["m"],
)

if __name__ == "__main__":
    os.chdir(ROOT)
    ffibuilder.compile(tmpdir=os.path.join(ROOT, "build", "cffi"), verbose="-v" in sys.argv)
    # compile() writes the module into build/cffi/minix/; move it beside this file
    import shutil
    for so in glob.glob(os.path.join(ROOT, "build", "cffi", "minix", "_minix_cffi*.so")):
        shutil.copy(so, HERE)
