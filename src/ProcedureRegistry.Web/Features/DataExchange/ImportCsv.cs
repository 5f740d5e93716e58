using System.Diagnostics;
using System.Text;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Patients;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Patients;
using ProcedureRegistry.Web.Features.Procedures;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;
using static ProcedureRegistry.Web.Features.DataExchange.CsvFormats;

namespace ProcedureRegistry.Web.Features.DataExchange;

/// <summary>
/// Imports historical records into one clinic from up to three CSV files (patients, procedures with targets, block
/// pain diaries), all or nothing: every row is checked with the rules of the forms, every rejected row is reported
/// with its file, line, column and rule, and nothing is written unless every row passes. Files are read as streams,
/// one record at a time; patients are written in EF batches, procedures with their targets and diaries by binary
/// COPY (<see cref="ProcedureCopy"/>), all inside the command's one transaction.
/// </summary>
public static class ImportCsv
{
    public const int BatchSize = 1000;

    /// <summary>The first key of the advisory lock an import holds on its clinic (the second is the clinic's id).</summary>
    public const int ImportLockSpace = 0x1A7_0001;

    public sealed class Command : ICommand<Result<Summary>>
    {
        public int ClinicId { get; init; }
        public Stream? Patients { get; init; }
        public Stream? Procedures { get; init; }
        public Stream? PainScores { get; init; }
        /// <summary>The clinics to import into (the user's own), for the page that shows the outcome above the form again.</summary>
        public IReadOnlyList<ListMyClinics.Item> Clinics { get; set; } = [];
        public string AuditAction => "ImportCsv";
    }

    /// <summary>The import page shows the form again after any outcome: with the clinics to choose from.</summary>
    internal sealed class Page(RegistryDbContext db, ClinicScope scope) : IFormPage<Command>
    {
        public bool AfterSuccess => true;

        public async Task<bool> LoadAsync(Command form, CancellationToken cancellationToken)
        {
            form.Clinics = await ListMyClinics.ReadAsync(db, scope, cancellationToken);
            return true;
        }
    }

    public sealed record Summary(int ClinicId, int Patients, int Procedures, int PainScores, TimeSpan Elapsed);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ClinicId).GreaterThan(0).WithMessage("Clinic is required.");
            RuleFor(c => c).Must(c => c.Patients is not null || c.Procedures is not null || c.PainScores is not null)
                .OverridePropertyName("Files").WithMessage("Choose at least one file to import.");
            RuleFor(c => c.Procedures).NotNull().When(c => c.PainScores is not null)
                .WithMessage($"{PainScoresFile} refers to procedures by external_id: import it together with the {ProceduresFile} it belongs to.");
        }
    }

    private sealed record PatientRef(int Id, DateOnly DateOfBirth);

    private sealed record ParsedProcedure(int Line, string ExternalId, string Mrn, Procedure Procedure, string? PartnerExternalId);

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, ICurrentUser user, TimeProvider clock)
        : IRequestHandler<Command, Result<Summary>>
    {
        private readonly List<(int File, int Line, FieldError Error)> _errors = [];
        private readonly PatientFormValidator _patientRules = new(clock);
        private readonly LogDiagnosticBlock.Validator _blockRules = new();
        private readonly LogSteroidInjection.Validator _steroidRules = new();
        private readonly LogRfDenervation.Validator _rfRules = new();

        public async Task<Result<Summary>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.EditPatients) || (command.Procedures is not null && !scope.Can(Capability.LogProcedures)))
            {
                return Fail.Forbidden();
            }
            if (!await scope.IncludesAsync(command.ClinicId, cancellationToken))
            {
                return Fail.Invalid(nameof(Command.ClinicId), "You can import only into one of your own clinics.");
            }
            if (!await TryLockClinicAsync(command.ClinicId, cancellationToken))
            {
                return Fail.Conflict("Another import into this clinic is running. Wait until it has finished, then import again (nothing was written).");
            }
            var watch = Stopwatch.StartNew();
            var patients = await db.Patients.AsNoTracking().Where(p => p.ClinicId == command.ClinicId)
                .Select(p => new { p.Mrn, p.Id, p.DateOfBirth })
                .ToDictionaryAsync(p => p.Mrn, p => new PatientRef(p.Id, p.DateOfBirth), StringComparer.Ordinal, cancellationToken);

            var newPatients = 0;
            if (command.Patients is not null)
            {
                var parsed = await ReadPatientsAsync(command.ClinicId, command.Patients, patients);
                if (_errors.Count == 0)
                {
                    // Written now, inside the transaction, so the procedures below get their ids; a later rejected row rolls them back.
                    foreach (var batch in parsed.Chunk(BatchSize))
                    {
                        db.Patients.AddRange(batch);
                        await db.SaveChangesAsync(cancellationToken);
                        db.ChangeTracker.Clear();
                    }
                }
                foreach (var patient in parsed)
                {
                    patients[patient.Mrn] = new PatientRef(patient.Id, patient.DateOfBirth);
                }
                newPatients = parsed.Count;
            }

            var procedures = new Dictionary<string, ParsedProcedure>(StringComparer.Ordinal);
            if (command.Procedures is not null)
            {
                await ReadProceduresAsync(command.ClinicId, command.Procedures, patients, procedures);
            }
            var painScores = 0;
            if (command.PainScores is not null)
            {
                painScores = await ReadPainScoresAsync(command.PainScores, procedures);
            }
            if (_errors.Count > 0)
            {
                // In file and line order (partner checks run after the whole file was read); OrderBy is stable.
                return new FailedResult(Outcome.Invalid, [.. _errors.OrderBy(e => e.File).ThenBy(e => e.Line).Select(e => e.Error)]);
            }

            try
            {
                await ProcedureCopy.WriteAsync(db,
                    [.. procedures.Values.Select(p => (p.Procedure, p.PartnerExternalId is null ? null : procedures[p.PartnerExternalId].Procedure))],
                    cancellationToken);
            }
            catch (PostgresException e)
            {
                // COPY is not an EF save, so DatabaseRuleBehavior does not see it; the transaction rolls back all the same.
                return Fail.Invalid(ProceduresFile, $"The database refused a row (rule {e.ConstraintName ?? e.SqlState}): {e.MessageText}");
            }
            return Result.Ok(new Summary(command.ClinicId, newPatients, procedures.Count, painScores, watch.Elapsed), $"clinic {command.ClinicId}");
        }

        /// <summary>
        /// One import per clinic at a time: two at once would both check the MRNs against the clinic's patients
        /// before either wrote, and compete for the same rows. A transaction-scoped advisory lock (the command's own
        /// transaction, so it is released at commit or rollback, also when the process dies) keyed on the clinic:
        /// the second import is refused at once instead of waiting behind a long one.
        /// </summary>
        private async Task<bool> TryLockClinicAsync(int clinicId, CancellationToken cancellationToken) =>
            await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({ImportLockSpace}, {clinicId}) AS \"Value\"")
                .SingleAsync(cancellationToken);

        private void Reject(string file, int line, string column, string message) =>
            _errors.Add((Array.IndexOf(Files, file), line, new FieldError($"{file} line {line}", column.Length == 0 ? message : $"{column}: {message}")));

        private static readonly string[] Files = [PatientsFile, ProceduresFile, PainScoresFile];

        /// <summary>Reads the header and yields each data row; bad quoting, a wrong field count or a bad header are rejections.</summary>
        private async IAsyncEnumerable<(int Line, CsvRow Row)> RowsAsync(string file, Stream stream, IReadOnlyList<string> expected)
        {
            var checking = new Utf8CheckingStream(stream);
            using var reader = new StreamReader(checking, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            Dictionary<string, int>? columns = null;
            var width = 0;
            await foreach (var record in new CsvRecordReader(reader).ReadAllAsync())
            {
                if (checking.Invalid is not null)
                {
                    break; // the reader reads ahead: rows at and after the bad byte are not parsed
                }
                if (record.Error is not null)
                {
                    Reject(file, record.Line, "", $"malformed CSV: {record.Error}.");
                    continue;
                }
                if (columns is null)
                {
                    var names = record.Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
                    var missing = expected.Where(c => !names.Contains(c)).ToList();
                    var unknown = names.Where(n => !expected.Contains(n)).ToList();
                    if (missing.Count > 0 || unknown.Count > 0 || names.Distinct().Count() != names.Count)
                    {
                        Reject(file, record.Line, "", "the header must name the columns " + string.Join(",", expected)
                            + (missing.Count > 0 ? $"; missing: {string.Join(", ", missing)}" : "")
                            + (unknown.Count > 0 ? $"; unknown: {string.Join(", ", unknown)}" : "") + ".");
                        yield break;
                    }
                    columns = names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
                    width = names.Count;
                    continue;
                }
                if (record.Fields.Count != width)
                {
                    Reject(file, record.Line, "", $"expected {width} fields, found {record.Fields.Count}.");
                    continue;
                }
                yield return (record.Line, new CsvRow(columns, record.Fields));
            }
            if (checking.Invalid is { } invalid)
            {
                Reject(file, invalid.Line, $"column {invalid.Column}",
                    $"the file is not valid UTF-8 (byte 0x{invalid.Byte:X2}); save it as UTF-8 (for example from a spreadsheet as \"CSV UTF-8\") and import it again.");
            }
            else if (columns is null)
            {
                Reject(file, 1, "", "the file is empty; the first line must be the header.");
            }
        }

        /// <summary>Adds the row's own parse errors, then the form validator's errors on columns that parsed.</summary>
        private bool Check(string file, int line, CsvRow row, ValidationResult? validation, Func<string, (string Column, string? Value)> column)
        {
            foreach (var (col, message) in row.Errors)
            {
                Reject(file, line, col, message);
            }
            var ok = row.Errors.Count == 0;
            foreach (var failure in validation?.Errors ?? [])
            {
                var (col, value) = column(failure.PropertyName);
                if (row.Errors.Any(e => e.Column == col))
                {
                    continue; // the cell did not parse; its own message says why
                }
                Reject(file, line, col, value is null ? failure.ErrorMessage : $"'{value}': {failure.ErrorMessage}");
                ok = false;
            }
            return ok;
        }

        private async Task<List<Patient>> ReadPatientsAsync(int clinicId, Stream stream, Dictionary<string, PatientRef> existing)
        {
            var parsed = new List<Patient>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            await foreach (var (line, row) in RowsAsync(PatientsFile, stream, PatientColumns))
            {
                var form = new PatientForm
                {
                    Mrn = row.Text("mrn"),
                    FamilyName = row.Text("family_name"),
                    GivenName = row.Text("given_name"),
                    DateOfBirth = row.Date("date_of_birth"),
                    Sex = row.Enum<Sex>("sex"),
                    Email = row.Text("email"),
                    Phone = row.Text("phone"),
                    ReminderConsent = row.Bool("reminder_consent") ?? false,
                    PreferredChannel = row.Enum<ReminderChannel>("preferred_channel") ?? ReminderChannel.None,
                    TimeZone = row.Text("time_zone"),
                };
                if (form.Mrn is { } mrn)
                {
                    if (existing.ContainsKey(mrn))
                    {
                        row.Error("mrn", $"MRN {mrn} is already registered in this clinic.");
                    }
                    else if (seen.TryGetValue(mrn, out var first))
                    {
                        row.Error("mrn", $"MRN {mrn} appears twice in the file (first on line {first}).");
                    }
                    else
                    {
                        seen[mrn] = line;
                    }
                }
                var valid = Check(PatientsFile, line, row, _patientRules.Validate(form), p => (PatientColumn(p), null));
                if (valid)
                {
                    parsed.Add(new Patient(clinicId, form.ToDetails(), clock.GetUtcNow()));
                }
            }
            return parsed;
        }

        private static string PatientColumn(string property) => property switch
        {
            nameof(PatientForm.Mrn) => "mrn",
            nameof(PatientForm.FamilyName) => "family_name",
            nameof(PatientForm.GivenName) => "given_name",
            nameof(PatientForm.DateOfBirth) => "date_of_birth",
            nameof(PatientForm.Sex) => "sex",
            nameof(PatientForm.Email) => "email",
            nameof(PatientForm.Phone) => "phone",
            nameof(PatientForm.ReminderConsent) => "reminder_consent",
            nameof(PatientForm.PreferredChannel) => "preferred_channel",
            nameof(PatientForm.TimeZone) => "time_zone",
            _ => property,
        };

        private static string ProcedureColumn(string property) => property.Split('[', '.')[0] switch
        {
            nameof(ProcedureForm.PerformedAt) => "performed_at",
            nameof(ProcedureForm.OperatorName) => "operator",
            nameof(ProcedureForm.Guidance) => "guidance",
            nameof(ProcedureForm.ConsentRecorded) => "consent_recorded",
            nameof(ProcedureForm.Complication) => "complication",
            nameof(ProcedureForm.ComplicationOther) => "complication_other",
            nameof(ProcedureForm.PrePain) => "pre_pain",
            nameof(ProcedureForm.Targets) => "targets",
            nameof(ProcedureForm.Notes) => "notes",
            nameof(LogDiagnosticBlock.Command.Technique) => "technique",
            nameof(LogDiagnosticBlock.Command.Agent) or nameof(LogSteroidInjection.Command.MixedAnesthetic) => "agent",
            nameof(LogDiagnosticBlock.Command.ConcentrationPercent) => "concentration_percent",
            nameof(LogDiagnosticBlock.Command.VolumeMlPerTarget) => "volume_ml_per_target",
            nameof(LogDiagnosticBlock.Command.Sequence) => "sequence",
            nameof(LogDiagnosticBlock.Command.PartnerProcedureId) => "partner_external_id",
            nameof(LogDiagnosticBlock.Command.TendernessAbolished) => "tenderness_abolished",
            nameof(LogSteroidInjection.Command.Steroid) => "steroid",
            nameof(LogSteroidInjection.Command.DoseMg) => "steroid_dose_mg",
            nameof(LogRfDenervation.Command.Mode) => "rf_mode",
            nameof(LogRfDenervation.Command.TemperatureC) => "temperature_c",
            nameof(LogRfDenervation.Command.LesionSeconds) => "lesion_seconds",
            nameof(LogRfDenervation.Command.LesionsPerNerve) => "lesions_per_nerve",
            nameof(LogRfDenervation.Command.ElectrodeGauge) => "electrode_gauge",
            nameof(LogRfDenervation.Command.ActiveTipMm) => "active_tip_mm",
            _ => property,
        };

        private static readonly string[] BlockOnly = ["sequence", "partner_external_id", "tenderness_abolished"];
        private static readonly string[] SteroidOnly = ["steroid", "steroid_dose_mg"];
        private static readonly string[] RfOnly = ["rf_mode", "temperature_c", "lesion_seconds", "lesions_per_nerve", "electrode_gauge", "active_tip_mm", "sensory_tested", "motor_tested"];
        private static readonly string[] InjectionOnly = ["technique", "agent", "concentration_percent", "volume_ml_per_target"];

        private async Task ReadProceduresAsync(int clinicId, Stream stream, Dictionary<string, PatientRef> patients, Dictionary<string, ParsedProcedure> parsed)
        {
            var now = clock.GetUtcNow();
            var earliest = new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var lines = new Dictionary<string, int>(StringComparer.Ordinal);
            await foreach (var (line, row) in RowsAsync(ProceduresFile, stream, ProcedureColumns))
            {
                var externalId = row.Text("external_id");
                if (externalId is null)
                {
                    row.Error("external_id", "is required (the file's own id of the row, which pain_scores.csv and partner_external_id refer to).");
                }
                else if (lines.TryGetValue(externalId, out var first))
                {
                    row.Error("external_id", $"{externalId} appears twice in the file (first on line {first}).");
                }
                else
                {
                    lines[externalId] = line;
                }
                var mrn = row.Text("mrn");
                PatientRef? patient = null;
                if (mrn is null)
                {
                    row.Error("mrn", "is required.");
                }
                else if (!patients.TryGetValue(mrn, out patient))
                {
                    row.Error("mrn", $"no patient with MRN {mrn} in this clinic or in {PatientsFile} of this import.");
                }
                var kind = row.Enum<ProcedureKind>("kind");
                if (kind is null && !row.Has("kind"))
                {
                    row.Error("kind", "is required (DiagnosticBlock, SteroidInjection or RfDenervation).");
                }
                var performedAt = row.DateTime("performed_at");
                if (performedAt is { } at)
                {
                    if (ProcedureDateRules.IsInTheFuture(at, now))
                    {
                        row.Error("performed_at", ProcedureDateRules.InTheFuture);
                    }
                    else if (at < earliest)
                    {
                        row.Error("performed_at", "Date and time of the procedure must be on or after 1990-01-01.");
                    }
                    else if (patient is not null && ProcedureDateRules.IsBeforeBirth(DateOnly.FromDateTime(at.DateTime), patient.DateOfBirth))
                    {
                        row.Error("performed_at", ProcedureDateRules.BeforeBirth);
                    }
                }

                var targets = Targets(row);
                ProcedureForm? form = null;
                ValidationResult? validation = null;
                var partner = row.Text("partner_external_id");
                switch (kind)
                {
                    case ProcedureKind.DiagnosticBlock:
                        foreach (var c in SteroidOnly.Concat(RfOnly)) row.MustBeEmpty(c, "for a DiagnosticBlock");
                        var block = Fill(new LogDiagnosticBlock.Command
                        {
                            Technique = row.Enum<BlockTechnique>("technique"),
                            Agent = row.Enum<BlockAgent>("agent"),
                            ConcentrationPercent = row.Decimal("concentration_percent"),
                            VolumeMlPerTarget = row.Decimal("volume_ml_per_target"),
                            Sequence = row.Enum<BlockSequence>("sequence"),
                            PartnerProcedureId = partner is null ? null : 0,
                            TendernessAbolished = row.Bool("tenderness_abolished"),
                            Diary = [],
                        }, row, performedAt, targets);
                        (form, validation) = (block, _blockRules.Validate(block));
                        break;
                    case ProcedureKind.SteroidInjection:
                        foreach (var c in BlockOnly.Concat(RfOnly)) row.MustBeEmpty(c, "for a SteroidInjection");
                        var injection = Fill(new LogSteroidInjection.Command
                        {
                            Technique = row.Enum<BlockTechnique>("technique"),
                            Steroid = row.Enum<Steroid>("steroid"),
                            DoseMg = row.Decimal("steroid_dose_mg"),
                            MixedAnesthetic = row.Enum<BlockAgent>("agent"),
                            ConcentrationPercent = row.Decimal("concentration_percent"),
                            VolumeMlPerTarget = row.Decimal("volume_ml_per_target"),
                        }, row, performedAt, targets);
                        (form, validation) = (injection, _steroidRules.Validate(injection));
                        break;
                    case ProcedureKind.RfDenervation:
                        foreach (var c in BlockOnly.Concat(SteroidOnly).Concat(InjectionOnly)) row.MustBeEmpty(c, "for an RfDenervation");
                        var rf = Fill(new LogRfDenervation.Command
                        {
                            Mode = row.Enum<RfMode>("rf_mode"),
                            TemperatureC = row.Decimal("temperature_c"),
                            LesionSeconds = row.Int("lesion_seconds"),
                            LesionsPerNerve = row.Int("lesions_per_nerve"),
                            ElectrodeGauge = row.Int("electrode_gauge"),
                            ActiveTipMm = row.Decimal("active_tip_mm"),
                            SensoryStimulationTested = row.Bool("sensory_tested") ?? false,
                            MotorStimulationTested = row.Bool("motor_tested") ?? false,
                        }, row, performedAt, targets);
                        (form, validation) = (rf, _rfRules.Validate(rf));
                        break;
                }

                var valid = Check(ProceduresFile, line, row, validation, property =>
                {
                    var column = ProcedureColumn(property);
                    var value = property.EndsWith(".Segment", StringComparison.Ordinal)
                        ? targets.ElementAtOrDefault(int.Parse(property.Split('[', ']')[1], System.Globalization.CultureInfo.InvariantCulture))?.Segment
                        : null;
                    return (column, value);
                });
                if (valid && form is not null && patient is not null && externalId is not null && kind is { } k)
                {
                    parsed[externalId] = new ParsedProcedure(line, externalId, mrn!, Build(clinicId, patient.Id, k, form, performedAt!.Value, now), partner);
                }
            }

            foreach (var procedure in parsed.Values.Where(p => p.PartnerExternalId is not null))
            {
                if (!parsed.TryGetValue(procedure.PartnerExternalId!, out var partner))
                {
                    var why = lines.ContainsKey(procedure.PartnerExternalId!) ? "is a rejected row" : $"is not an external_id of this {ProceduresFile}";
                    Reject(ProceduresFile, procedure.Line, "partner_external_id", $"{procedure.PartnerExternalId} {why}.");
                }
                else if (partner.Mrn != procedure.Mrn || partner.Procedure.Kind != ProcedureKind.DiagnosticBlock)
                {
                    Reject(ProceduresFile, procedure.Line, "partner_external_id", "Partner block must be a diagnostic block of the same patient.");
                }
                else if (partner.Procedure.PerformedAt >= procedure.Procedure.PerformedAt)
                {
                    Reject(ProceduresFile, procedure.Line, "partner_external_id", "Partner block must have been performed before this one.");
                }
                else if (!partner.Procedure.Targets.Any(p => procedure.Procedure.Targets.Any(t => t.Segment == p.Segment)))
                {
                    Reject(ProceduresFile, procedure.Line, "partner_external_id", "Partner block must target at least one of the same segments.");
                }
            }
        }

        private static List<ProcedureForm.TargetInput> Targets(CsvRow row)
        {
            var text = row.Text("targets");
            if (text is null)
            {
                return [];
            }
            var targets = new List<ProcedureForm.TargetInput>();
            foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var pieces = part.Split(':', 2, StringSplitOptions.TrimEntries);
                Side? side = null;
                if (pieces.Length == 2 && pieces[1].Length > 0)
                {
                    if (Enum.TryParse<Side>(pieces[1], ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(pieces[1][0]))
                    {
                        side = parsed;
                    }
                    else
                    {
                        row.Error("targets", $"'{part}': side must be Left, Right or Bilateral.");
                    }
                }
                targets.Add(new ProcedureForm.TargetInput { Segment = pieces[0], Side = side });
            }
            return targets;
        }

        private static T Fill<T>(T form, CsvRow row, DateTimeOffset? performedAt, List<ProcedureForm.TargetInput> targets) where T : ProcedureForm
        {
            form.PerformedAt = performedAt?.DateTime;
            form.OperatorName = row.Text("operator");
            form.Guidance = row.Enum<Guidance>("guidance");
            form.ConsentRecorded = row.Bool("consent_recorded") ?? false;
            form.Complication = row.Enum<Complication>("complication") ?? Complication.None;
            form.ComplicationOther = row.Text("complication_other");
            form.PrePain = row.Int("pre_pain");
            form.Targets = targets;
            form.Notes = row.Text("notes");
            return form;
        }

        /// <summary>The procedure as the three log handlers build it from their forms.</summary>
        private Procedure Build(int clinicId, int patientId, ProcedureKind kind, ProcedureForm form, DateTimeOffset performedAt, DateTimeOffset now)
        {
            var procedure = new Procedure(clinicId, patientId, kind, now, user.UserId)
            {
                PerformedAt = performedAt.ToUniversalTime(),
                OperatorName = form.OperatorName!.Trim(),
                Guidance = form.Guidance!.Value,
                ConsentRecorded = form.ConsentRecorded,
                Complication = form.Complication,
                ComplicationOther = form.Complication == Complication.Other ? form.ComplicationOther?.Trim() : null,
                PrePain = form.PrePain!.Value,
                Notes = string.IsNullOrWhiteSpace(form.Notes) ? null : form.Notes.Trim(),
                Targets = [.. form.ToTargets()],
            };
            switch (form)
            {
                case LogDiagnosticBlock.Command block:
                    procedure.Technique = block.Technique;
                    procedure.Agent = block.Agent;
                    procedure.ConcentrationPercent = block.Agent == BlockAgent.Saline ? null : block.ConcentrationPercent;
                    procedure.VolumeMlPerTarget = block.VolumeMlPerTarget;
                    procedure.Sequence = block.Sequence;
                    procedure.TendernessAbolished = block.TendernessAbolished;
                    break;
                case LogSteroidInjection.Command injection:
                    procedure.Technique = injection.Technique;
                    procedure.Steroid = injection.Steroid;
                    procedure.SteroidDoseMg = injection.DoseMg;
                    procedure.Agent = injection.MixedAnesthetic;
                    procedure.ConcentrationPercent = injection.MixedAnesthetic is null ? null : injection.ConcentrationPercent;
                    procedure.VolumeMlPerTarget = injection.VolumeMlPerTarget;
                    break;
                case LogRfDenervation.Command rf:
                    procedure.RfMode = rf.Mode;
                    procedure.TemperatureC = rf.TemperatureC;
                    procedure.LesionSeconds = rf.LesionSeconds;
                    procedure.LesionsPerNerve = rf.LesionsPerNerve;
                    procedure.ElectrodeGauge = rf.ElectrodeGauge;
                    procedure.ActiveTipMm = rf.ActiveTipMm;
                    procedure.SensoryStimulationTested = rf.SensoryStimulationTested;
                    procedure.MotorStimulationTested = rf.MotorStimulationTested;
                    break;
            }
            return procedure;
        }

        private async Task<int> ReadPainScoresAsync(Stream stream, Dictionary<string, ParsedProcedure> procedures)
        {
            var count = 0;
            var seen = new Dictionary<(string, int), int>();
            await foreach (var (line, row) in RowsAsync(PainScoresFile, stream, PainScoreColumns))
            {
                var externalId = row.Text("procedure_external_id");
                var minutes = row.Int("minutes_after");
                var pain = row.Int("pain");
                ParsedProcedure? procedure = null;
                if (externalId is null)
                {
                    row.Error("procedure_external_id", "is required.");
                }
                else if (!procedures.TryGetValue(externalId, out procedure))
                {
                    row.Error("procedure_external_id", $"{externalId} is not an accepted row of {ProceduresFile} in this import.");
                }
                else if (procedure.Procedure.Kind != ProcedureKind.DiagnosticBlock)
                {
                    row.Error("procedure_external_id", $"{externalId} is a {procedure.Procedure.Kind}; pain diaries belong to diagnostic blocks.");
                }
                if (minutes is null && !row.Has("minutes_after"))
                {
                    row.Error("minutes_after", "is required.");
                }
                else if (minutes is < 1 or > 7 * 24 * 60)
                {
                    row.Error("minutes_after", "Diary times must be between 1 minute and 7 days after the block.");
                }
                if (pain is null && !row.Has("pain"))
                {
                    row.Error("pain", "is required.");
                }
                else if (pain is { } p && !ProcedureLimits.IsValidPain(p))
                {
                    row.Error("pain", $"'{p}': Diary pain scores must be between 0 and 10.");
                }
                if (externalId is not null && minutes is { } m)
                {
                    if (seen.TryGetValue((externalId, m), out var first))
                    {
                        row.Error("minutes_after", $"Diary: each time after the block appears once ({externalId} at {m} min is also on line {first}).");
                    }
                    else
                    {
                        seen[(externalId, m)] = line;
                    }
                }
                if (Check(PainScoresFile, line, row, null, p => (p, null)) && procedure is not null)
                {
                    procedure.Procedure.Diary.Add(new DiaryScore(minutes!.Value, pain!.Value));
                    count++;
                }
            }
            return count;
        }
    }
}
