# The cffi extension needs setup.py's cffi_modules hook; all metadata lives in pyproject.toml.
from setuptools import setup

setup(cffi_modules=["minix/_ffi_build.py:ffibuilder"])
