"""An example clinic rule pack for backsafe (entry point ``clinic`` of ``backsafe.packs``)."""

from importlib.resources import files

from backsafe.packs import Pack
from clinic_pack._policy import ExercisePolicy
from clinic_pack._postpartum import POST_PARTUM_SESSIONS

__all__ = ["ExercisePolicy", "pack"]

#: The pack backsafe loads: a Python rule, a Python rule kind, and the data in rules/.
pack = Pack(
    name="clinic",
    prefix="CL",
    title="Example clinic's protocols",
    rules=(POST_PARTUM_SESSIONS,),
    kinds={"exercise-policy": ExercisePolicy},
    data=files(__name__) / "rules",
)
