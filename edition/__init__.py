"""TEI P5 critical editions: conversion to docutils, views, validation and rendering."""

from __future__ import annotations

__version__ = "0.1.0"
