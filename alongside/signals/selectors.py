"""Reading early-warning signals: a program's settings (admins) and a participant's signals
(the people who support them, audited)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from alongside.access import policy
from alongside.access.reads import audited_read
from alongside.core.localtime import local_today
from alongside.organizations.models import Membership, Program
from alongside.organizations.selectors import program_for_admin, programs_for_admin
from alongside.signals.models import SignalEvaluation, SignalSettings
from alongside.signals.rules import SignalConfig

HISTORY_DAYS = 30


def signal_configs_for(*, program_ids: set[int | None]) -> dict[int | None, SignalConfig]:
    """program id → its effective settings (defaults where nothing is saved; ``None``, the
    participants without a program, always has the defaults). One query. For the system's own
    evaluations: no viewer, nothing shown to anyone."""
    configs: dict[int | None, SignalConfig] = dict.fromkeys(program_ids, SignalConfig.default())
    wanted = [pk for pk in program_ids if pk is not None]
    if wanted:
        for settings in SignalSettings.objects.filter(program_id__in=wanted):
            configs[settings.program_id] = settings.config()
    return configs


@dataclass(frozen=True)
class ProgramSignalSettings:
    program: Program
    settings: SignalSettings | None  # None: nothing saved yet, the defaults apply
    config: SignalConfig


def signal_settings_for_admin(*, viewer: Membership, program_id: int) -> ProgramSignalSettings:
    """One program's signal settings, for an org admin (another organization's program is
    NotFound; anyone else in the organization is NotAllowed)."""
    program = program_for_admin(viewer=viewer, program_id=program_id)
    settings = SignalSettings.objects.filter(program=program).first()
    config = settings.config() if settings is not None else SignalConfig.default()
    return ProgramSignalSettings(program=program, settings=settings, config=config)


def signal_settings_overview(*, viewer: Membership) -> list[ProgramSignalSettings]:
    """Every program of the admin's organization with its signal settings. Two queries."""
    programs = list(programs_for_admin(viewer=viewer))
    saved = {s.program_id: s for s in SignalSettings.objects.filter(program__in=programs)}
    return [
        ProgramSignalSettings(
            program=program,
            settings=saved.get(program.pk),
            config=saved[program.pk].config() if program.pk in saved else SignalConfig.default(),
        )
        for program in programs
    ]


@dataclass(frozen=True)
class ParticipantSignals:
    participant: Membership
    latest: SignalEvaluation | None  # the newest evaluation in the last HISTORY_DAYS days
    history: list[SignalEvaluation]  # newest first, latest included
    config: SignalConfig  # the program's current settings, to explain the score
    since: dt.date


def participant_signals(
    *, viewer: Membership, participant: Membership, today: dt.date | None = None
) -> ParticipantSignals:
    """A participant's early-warning signals of the last 30 days with their reasons, for the
    people who support them: their matched mentor, that mentor's supervisor (or a break-glass
    holder). Not the participant themselves and not an admin (NotAllowed); anyone who may not
    know the participant gets NotFound. Audited as ``signals.viewed``."""
    audited_read(viewer, "signals.viewed", participant, may=policy.PARTICIPANT_VIEW_AS_CARER)
    since = (today or local_today(participant)) - dt.timedelta(days=HISTORY_DAYS - 1)
    history = list(SignalEvaluation.objects.filter(participant=participant, evaluated_on__gte=since))
    configs = signal_configs_for(program_ids={participant.program_id})
    return ParticipantSignals(
        participant=participant,
        latest=history[0] if history else None,
        history=history,
        config=configs[participant.program_id],
        since=since,
    )
