using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Procedures;

/// <summary>
/// Records the part of a procedure that the three kinds share, for the log and correction handlers: the patient in
/// the user's clinics, the common fields and their rules (role, dates, assessment), a blank or filled form.
/// </summary>
public sealed class ProcedureRecorder(RegistryDbContext db, ClinicScope scope, ICurrentUser user, TimeProvider clock)
{
    public sealed record PatientRef(int Id, int ClinicId, DateOnly DateOfBirth, string TimeZone, string Label);

    /// <summary>A blank form: the patient's label, now at the clinic, the signed-in user as operator.</summary>
    public async Task<Result<TForm>> NewFormAsync<TForm>(int patientId, CancellationToken cancellationToken) where TForm : ProcedureForm, new()
    {
        var patient = await FindPatientAsync(patientId, cancellationToken);
        if (patient is null)
        {
            return Fail.NotFound();
        }
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(patient.TimeZone));
        var displayName = await db.Users.Where(u => u.Id == user.UserId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        return Result.Ok(new TForm
        {
            PatientId = patient.Id,
            PatientLabel = patient.Label,
            PerformedAt = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0),
            OperatorName = displayName ?? user.UserName,
        });
    }

    public async Task<PatientRef?> FindPatientAsync(int patientId, CancellationToken cancellationToken)
    {
        var clinics = await scope.ClinicIdsAsync(cancellationToken);
        return await (from p in db.Patients.AsNoTracking()
                      join c in db.Clinics on p.ClinicId equals c.Id
                      where p.Id == patientId && clinics.Contains(p.ClinicId)
                      select new PatientRef(p.Id, p.ClinicId, p.DateOfBirth, c.TimeZone,
                          p.FamilyName.ToUpper() + ", " + p.GivenName + " (MRN " + p.Mrn + ")"))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Checks what needs the database, then builds the procedure with the common fields filled.</summary>
    public async Task<Result<Procedure>> StartAsync(ProcedureKind kind, ProcedureForm form, CancellationToken cancellationToken)
    {
        var checkedForm = await CheckAsync(form, cancellationToken);
        if (!checkedForm.Succeeded)
        {
            return checkedForm.AsFailure();
        }
        var (patient, performedAt) = checkedForm.Value;
        var procedure = new Procedure(patient.ClinicId, patient.Id, kind, clock.GetUtcNow(), user.UserId);
        ApplyCommon(form, procedure, performedAt);
        return Result.Ok(procedure);
    }

    /// <summary>The rules of the common fields that need the database or the clock: role, patient in the user's clinics, dates, assessment.</summary>
    public async Task<Result<(PatientRef Patient, DateTimeOffset PerformedAt)>> CheckAsync(ProcedureForm form, CancellationToken cancellationToken)
    {
        if (!scope.Can(Capability.LogProcedures))
        {
            return Fail.Forbidden();
        }
        var patient = await FindPatientAsync(form.PatientId, cancellationToken);
        if (patient is null)
        {
            return Fail.NotFound();
        }
        var zone = TimeZoneInfo.FindSystemTimeZoneById(patient.TimeZone);
        var performedAt = new DateTimeOffset(form.PerformedAt!.Value, zone.GetUtcOffset(form.PerformedAt.Value)).ToUniversalTime();
        if (ProcedureDateRules.Check(performedAt, DateOnly.FromDateTime(form.PerformedAt.Value), patient.DateOfBirth, clock.GetUtcNow()) is { } dateProblem)
        {
            return Fail.Invalid(nameof(ProcedureForm.PerformedAt), dateProblem);
        }
        if (form.AssessmentId is { } assessmentId
            && !await db.Assessments.AnyAsync(a => a.Id == assessmentId && a.PatientId == patient.Id, cancellationToken))
        {
            return Fail.Invalid(nameof(ProcedureForm.AssessmentId), "The chosen assessment is not one of this patient's.");
        }
        return Result.Ok((patient, performedAt));
    }

    public static void ApplyCommon(ProcedureForm form, Procedure procedure, DateTimeOffset performedAt)
    {
        procedure.AssessmentId = form.AssessmentId;
        procedure.PerformedAt = performedAt;
        procedure.OperatorName = form.OperatorName!.Trim();
        procedure.Guidance = form.Guidance!.Value;
        procedure.ConsentRecorded = form.ConsentRecorded;
        procedure.Complication = form.Complication;
        procedure.ComplicationOther = form.Complication == Complication.Other ? form.ComplicationOther?.Trim() : null;
        procedure.PrePain = form.PrePain!.Value;
        procedure.Notes = string.IsNullOrWhiteSpace(form.Notes) ? null : form.Notes.Trim();
        procedure.Targets = [.. form.ToTargets()];
    }

    /// <summary>Fills a form's common fields from a logged procedure (for a correction), in the clinic's local time.</summary>
    public static void FillCommon(ProcedureForm form, Procedure procedure, string timeZone)
    {
        var local = TimeZoneInfo.ConvertTime(procedure.PerformedAt, TimeZoneInfo.FindSystemTimeZoneById(timeZone));
        form.PatientId = procedure.PatientId;
        form.AssessmentId = procedure.AssessmentId;
        form.PerformedAt = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0);
        form.OperatorName = procedure.OperatorName;
        form.Guidance = procedure.Guidance;
        form.ConsentRecorded = procedure.ConsentRecorded;
        form.Complication = procedure.Complication;
        form.ComplicationOther = procedure.ComplicationOther;
        form.PrePain = procedure.PrePain;
        form.Notes = procedure.Notes;
        var targets = procedure.TargetsInOrder.Select(t => new ProcedureForm.TargetInput { Segment = t.Segment, Side = t.Side }).ToList();
        form.Targets = [.. targets, .. Enumerable.Range(0, Math.Max(0, ProcedureForm.TargetRows - targets.Count)).Select(_ => new ProcedureForm.TargetInput())];
        form.CorrectingId = procedure.Id;
        form.Version = procedure.Version;
    }
}
