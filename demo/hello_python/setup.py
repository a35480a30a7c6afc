"""The C extension lives here: setuptools older than 74 cannot declare it in pyproject.toml."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("hello_python._native", sources=["hello_python/_native.c"])])
