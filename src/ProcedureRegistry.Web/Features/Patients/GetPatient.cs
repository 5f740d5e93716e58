using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Domain.Patients;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.FollowUps;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.Patients;

/// <summary>A patient's record page: details and the history of their changes. Every view is audited.</summary>
public static class GetPatient
{
    public sealed record Query(int Id) : IAudited<Result<Model>>
    {
        public string AuditAction => "ViewPatient";
    }

    public sealed record Revision(int Number, DateTimeOffset ChangedAt, string ChangedBy, string Reason, IReadOnlyList<string> Changes);

    /// <summary>One dated event of the patient's timeline.</summary>
    public sealed record TimelineItem(DateOnly On, string Kind, string Title, string Detail, string? Href);

    public sealed record Model(int Id, string ClinicCode, PatientDetails Details, int Age, DateTimeOffset? ConsentRecordedAt,
        DateTimeOffset CreatedAt, IReadOnlyList<Revision> Revisions, IReadOnlyList<TimelineItem> Timeline, string PainChartSvg, bool CanEdit, bool CanAssess, bool CanLogProcedures,
        IReadOnlyList<FollowUpRow>? FollowUps = null) : IShowsPatients
    {
        IEnumerable<int> IShowsPatients.PatientIdsShown => [Id];
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, TimeProvider clock, Procedures.BlockAnalysis analysis)
        : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.ViewPatients))
            {
                return Fail.Forbidden();
            }
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var patient = await db.Patients.AsNoTracking()
                .SingleOrDefaultAsync(p => p.Id == query.Id && clinics.Contains(p.ClinicId), cancellationToken);
            if (patient is null)
            {
                return Fail.NotFound();
            }
            var clinic = await db.Clinics.Where(c => c.Id == patient.ClinicId).Select(c => c.Code).SingleAsync(cancellationToken);
            var revisions = await db.PatientRevisions.AsNoTracking()
                .Where(r => r.PatientId == patient.Id)
                .OrderByDescending(r => r.Number)
                .ToListAsync(cancellationToken);

            // Each revision holds the details before that edit; the details after it are the next revision's, or the current ones.
            var history = new List<Revision>();
            var after = patient.Details;
            foreach (var r in revisions)
            {
                var before = JsonSerializer.Deserialize<PatientDetails>(r.PreviousDetailsJson)!;
                history.Add(new Revision(r.Number, r.ChangedAt, r.ChangedByName, r.Reason, Differences(before, after)));
                after = before;
            }

            var timeline = new List<TimelineItem>();
            var zone = TimeZoneInfo.FindSystemTimeZoneById(await db.Clinics.Where(c => c.Id == patient.ClinicId).Select(c => c.TimeZone).SingleAsync(cancellationToken));
            var procedures = await db.Procedures.AsNoTracking().Where(p => p.PatientId == patient.Id).ToListAsync(cancellationToken);
            var blinded = await Blinding.BlindedBlocks.ReadAsync(db, [.. procedures.Select(p => p.Id)], scope.Can(Capability.PrepareBlocks), cancellationToken);
            foreach (var p in procedures)
            {
                var on = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(p.PerformedAt, zone).DateTime);
                var targets = string.Join(", ", p.TargetsInOrder.Select(t => $"{t.Segment} {ClinicalText.Describe(t.Side)}"));
                var (title, detail) = p.Kind switch
                {
                    ProcedureKind.DiagnosticBlock => ($"Diagnostic block ({(blinded.TryGetValue(p.Id, out var b) && !b.AgentVisible ? "blinded, " + b.KitLabel : p.Agent?.ToString().ToLowerInvariant())}, {Words(p.Sequence)})",
                        $"{targets}; {analysis.Analyse(p).Classification.ToString().ToLowerInvariant()} at {analysis.Threshold.Percent}%"),
                    ProcedureKind.SteroidInjection => ("Steroid injection", $"{targets}; {p.Steroid} {p.SteroidDoseMg:0.##} mg"),
                    _ => ("RF denervation", $"{targets}; {Words(p.RfMode)} {p.TemperatureC:0.#} °C"),
                };
                timeline.Add(new TimelineItem(on, p.IsVoided ? "voided" : "procedure", title,
                    p.IsVoided ? $"voided: {p.VoidReason}" : detail, $"/procedures/{p.Id}"));
            }
            var blocks = analysis.AtSegments(procedures);
            var painPoints = new List<PainPoint>();
            var marks = new List<ProcedureMark>();
            foreach (var p in procedures.Where(p => !p.IsVoided))
            {
                painPoints.Add(new PainPoint(p.PerformedAt, p.PrePain, "before the procedure"));
                painPoints.AddRange(p.Diary.Select(d => new PainPoint(p.PerformedAt.AddMinutes(d.MinutesAfter), d.Pain, $"diary, {d.MinutesAfter} min after")));
                marks.Add(new ProcedureMark(p.PerformedAt, p.Kind switch
                {
                    ProcedureKind.DiagnosticBlock => "B",
                    ProcedureKind.SteroidInjection => "S",
                    _ => "RF",
                }, $"{EnumOptions.Words(p.Kind.ToString())} {string.Join(", ", p.TargetsInOrder.Select(t => t.Segment))}"));
            }
            var assessments = await db.Assessments.AsNoTracking().Where(a => a.PatientId == patient.Id).ToListAsync(cancellationToken);
            foreach (var a in assessments)
            {
                var evaluation = DiagnosisRules.Evaluate(a.Findings, blocks);
                painPoints.Add(new PainPoint(new DateTimeOffset(a.AssessedOn.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero), a.BaselinePain, "assessment"));
                timeline.Add(new TimelineItem(a.AssessedOn, "assessment", "Assessment",
                    $"diagnosis {Status(evaluation.Status)}; pain {a.BaselinePain}/10; by {a.ClinicianName}", $"/assessments/{a.Id}"));
            }

            // Follow-ups: every one not cancelled is listed; answered ones join the timeline and the pain chart.
            var followUps = (await db.FollowUps.AsNoTracking().Where(f => f.PatientId == patient.Id && f.Status != FollowUpStatus.Cancelled)
                .Rows(db).ToListAsync(cancellationToken)).OrderBy(f => f.DueAt).ToList();
            var voided = procedures.Where(p => p.IsVoided).Select(p => p.Id).ToHashSet();
            foreach (var f in followUps.Where(f => f.AnsweredAt is not null && !voided.Contains(f.ProcedureId)))
            {
                painPoints.Add(new PainPoint(f.AnsweredAt!.Value, f.Pain!.Value, $"follow-up {f.Label} after {f.KindText}"));
                timeline.Add(new TimelineItem(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(f.AnsweredAt.Value, zone).DateTime), "follow-up",
                    $"Follow-up {f.Label} ({f.KindText})", f.AnswerText!,
                    scope.Can(Capability.WorkFollowUps) ? $"/follow-ups/{f.Id}" : $"/procedures/{f.ProcedureId}"));
            }

            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var model = new Model(patient.Id, clinic, patient.Details, patient.AgeOn(today), patient.ConsentRecordedAt,
                patient.CreatedAt, history, [.. timeline.OrderByDescending(t => t.On)], PainChart.Render(painPoints, marks),
                scope.Can(Capability.EditPatients) || scope.Can(Capability.EditContactAndConsent),
                scope.Can(Capability.RecordAssessments), scope.Can(Capability.LogProcedures), followUps);
            return Result.Ok(model, patient.Id.ToString());
        }

        private static string Words(Enum? value) => value is null ? "" : EnumOptions.Words(value.ToString()).ToLowerInvariant();

        private static string Status(DiagnosisStatus status) => status switch
        {
            DiagnosisStatus.NotMet => "criteria not met",
            DiagnosisStatus.Suspected => "suspected",
            DiagnosisStatus.Confirmed => "confirmed",
            _ => "refuted",
        };

        private static List<string> Differences(PatientDetails before, PatientDetails after)
        {
            var changes = new List<string>();
            void Compare(string field, object? a, object? b)
            {
                if (!Equals(a, b))
                {
                    changes.Add($"{field}: {a ?? "(none)"} → {b ?? "(none)"}");
                }
            }
            Compare("MRN", before.Mrn, after.Mrn);
            Compare("Family name", before.FamilyName, after.FamilyName);
            Compare("Given name", before.GivenName, after.GivenName);
            Compare("Date of birth", before.DateOfBirth.ToString("yyyy-MM-dd"), after.DateOfBirth.ToString("yyyy-MM-dd"));
            Compare("Sex", before.Sex, after.Sex);
            Compare("Email", before.Email, after.Email);
            Compare("Phone", before.Phone, after.Phone);
            Compare("Reminder consent", before.ReminderConsent ? "yes" : "no", after.ReminderConsent ? "yes" : "no");
            Compare("Preferred channel", before.PreferredChannel, after.PreferredChannel);
            Compare("Time zone", before.TimeZone, after.TimeZone);
            return changes;
        }
    }
}
