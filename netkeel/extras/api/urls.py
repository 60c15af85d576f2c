"""/api/extras/: the extras endpoints."""

from __future__ import annotations

from netkeel.core.api.routers import APIRouter

router = APIRouter("extras")
