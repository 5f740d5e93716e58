namespace ProcedureRegistry.Web.Infrastructure.Auditing;

/// <summary>
/// A read model that shows identified patients (names, MRNs, dates of birth, contact details). The audit behaviour
/// writes a row for any request whose result carries such a model, listing <see cref="PatientIdsShown"/>, whether or
/// not the request itself is marked audited: marking the model is enough, so a new page built on it cannot forget.
/// A command that implements it (the forms that are models and commands at once) files its row under its patient.
/// </summary>
public interface IShowsPatients
{
    IEnumerable<int> PatientIdsShown { get; }
}
