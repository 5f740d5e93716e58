using ProcedureRegistry.Domain.Clinical;
using System.Text;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;
using static ProcedureRegistry.Web.Features.DataExchange.CsvFormats;

namespace ProcedureRegistry.Web.Features.DataExchange;

public enum ExportFile
{
    Patients,
    Procedures,
    PainScores,
}

/// <summary>
/// Exports one clinic's identified records in the import's formats (so an export imports back as it is). The rows
/// are streamed from the database to the response, never held whole. A read of patient records, so it is audited.
/// Voided procedures are left out.
/// </summary>
public static class ExportCsv
{
    public sealed record Query(int ClinicId, ExportFile File) : IAudited<Result<Export>>
    {
        public string AuditAction => "ExportCsv";
    }

    /// <summary>The file's name and a writer that streams its rows once the response starts.</summary>
    public sealed record Export(string FileName, Func<Stream, CancellationToken, Task> WriteAsync);

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<Export>>
    {
        public async Task<Result<Export>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.EditPatients))
            {
                return Fail.Forbidden();
            }
            if (!await scope.IncludesAsync(query.ClinicId, cancellationToken))
            {
                return Fail.NotFound();
            }
            var clinic = await db.Clinics.AsNoTracking().Where(c => c.Id == query.ClinicId)
                .Select(c => new { c.Code, c.TimeZone }).SingleAsync(cancellationToken);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(clinic.TimeZone);
            var (name, write) = query.File switch
            {
                ExportFile.Patients => (PatientsFile, (Func<TextWriter, CancellationToken, Task>)((w, ct) => WritePatientsAsync(w, query.ClinicId, ct))),
                ExportFile.Procedures => (ProceduresFile, (w, ct) => WriteProceduresAsync(w, query.ClinicId, zone, scope.Can(Capability.PrepareBlocks), ct)),
                _ => (PainScoresFile, (w, ct) => WritePainScoresAsync(w, query.ClinicId, ct)),
            };
            var fileName = $"{clinic.Code.ToLowerInvariant()}-{name}";
            return Result.Ok(new Export(fileName, async (stream, ct) =>
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 65536, leaveOpen: true);
                await write(writer, ct);
                await writer.FlushAsync(ct);
            }), $"clinic {query.ClinicId} {name}");
        }

        private async Task WritePatientsAsync(TextWriter writer, int clinicId, CancellationToken cancellationToken)
        {
            await CsvWriting.WriteRecordAsync(writer, PatientColumns);
            var rows = db.Patients.AsNoTracking().Where(p => p.ClinicId == clinicId).OrderBy(p => p.Id).AsAsyncEnumerable();
            await foreach (var p in rows.WithCancellation(cancellationToken))
            {
                await CsvWriting.WriteRecordAsync(writer,
                [
                    p.Mrn, p.FamilyName, p.GivenName, p.DateOfBirth.ToString(DateFormat, System.Globalization.CultureInfo.InvariantCulture),
                    p.Sex.ToString(), p.Email, p.Phone, Bool(p.ReminderConsent), p.PreferredChannel.ToString(), p.TimeZone,
                ]);
            }
        }

        private async Task WriteProceduresAsync(TextWriter writer, int clinicId, TimeZoneInfo zone, bool isPreparer, CancellationToken cancellationToken)
        {
            await CsvWriting.WriteRecordAsync(writer, ProcedureColumns);
            var lastTime = (int)PainDiary.StandardTimes[^1].TotalMinutes;
            var rows = (from p in db.Procedures.AsNoTracking()
                        join patient in db.Patients on p.PatientId equals patient.Id
                        where p.ClinicId == clinicId && p.VoidedAt == null
                        orderby p.Id
                        select new
                        {
                            p.Id, p.Kind, p.PerformedAt, p.OperatorName, p.Guidance, p.ConsentRecorded, p.Complication, p.PrePain,
                            // Targets only: the whole entity would also join the diary, one row per target and score.
                            Targets = p.Targets.Select(t => new { t.Segment, t.Side }).ToList(),
                            p.Technique, p.Agent, p.ConcentrationPercent, p.VolumeMlPerTarget, p.Sequence, p.PartnerProcedureId,
                            p.Steroid, p.SteroidDoseMg, p.RfMode, p.TemperatureC, p.LesionSeconds, p.LesionsPerNerve, p.ElectrodeGauge,
                            p.ActiveTipMm, p.SensoryStimulationTested, p.MotorStimulationTested, p.TendernessAbolished, p.ComplicationOther,
                            p.Notes, patient.Mrn,
                            // A blinded block's agent stays out of the file until its page would show it (docs/blinded-blocks.md).
                            Concealed = !isPreparer && db.KitAllocations.Any(a => a.ProcedureId == p.Id)
                                && !p.Diary.Any(d => d.MinutesAfter >= lastTime) && !db.BlockUnblindings.Any(u => u.ProcedureId == p.Id),
                        }).AsAsyncEnumerable();
            await foreach (var p in rows.WithCancellation(cancellationToken))
            {
                var block = p.Kind == ProcedureKind.DiagnosticBlock;
                await CsvWriting.WriteRecordAsync(writer,
                [
                    Number(p.Id), p.Mrn, p.Kind.ToString(),
                    TimeZoneInfo.ConvertTime(p.PerformedAt, zone).ToString(DateTimeFormat, System.Globalization.CultureInfo.InvariantCulture),
                    p.OperatorName, p.Guidance.ToString(), Bool(p.ConsentRecorded), p.Complication.ToString(), Number(p.PrePain),
                    string.Join(";", p.Targets
                        .OrderBy(t => SpinalSegment.TryParse(t.Segment, out var segment) ? segment.Order : int.MaxValue).ThenBy(t => t.Side)
                        .Select(t => $"{t.Segment}:{t.Side}")), // cranio-caudal, so exports compare line by line
                    p.Technique?.ToString(), p.Concealed ? "" : p.Agent?.ToString(), p.Concealed ? "" : Number(p.ConcentrationPercent), Number(p.VolumeMlPerTarget),
                    p.Sequence?.ToString(), Number(p.PartnerProcedureId),
                    p.Steroid?.ToString(), Number(p.SteroidDoseMg),
                    p.RfMode?.ToString(), Number(p.TemperatureC), Number(p.LesionSeconds), Number(p.LesionsPerNerve), Number(p.ElectrodeGauge),
                    Number(p.ActiveTipMm), Bool(p.SensoryStimulationTested), Bool(p.MotorStimulationTested),
                    block ? Bool(p.TendernessAbolished) : "", p.ComplicationOther, p.Notes,
                ]);
            }
        }

        private async Task WritePainScoresAsync(TextWriter writer, int clinicId, CancellationToken cancellationToken)
        {
            await CsvWriting.WriteRecordAsync(writer, PainScoreColumns);
            // Only the diary rows: loading whole procedures would also join their targets.
            var rows = db.Procedures.AsNoTracking()
                .Where(p => p.ClinicId == clinicId && p.VoidedAt == null && p.Kind == ProcedureKind.DiagnosticBlock)
                .SelectMany(p => p.Diary.Select(d => new { p.Id, d.MinutesAfter, d.Pain }))
                .OrderBy(x => x.Id).ThenBy(x => x.MinutesAfter)
                .AsAsyncEnumerable();
            await foreach (var score in rows.WithCancellation(cancellationToken))
            {
                await CsvWriting.WriteRecordAsync(writer, [Number(score.Id), Number(score.MinutesAfter), Number(score.Pain)]);
            }
        }
    }
}
