using MediatR;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Infrastructure.Mediation;

/// <summary>
/// A request that leaves one audit row (who, when, <see cref="AuditAction"/>, the entity id, the outcome),
/// whether it succeeds or fails: every change and every read of a patient's record.
/// </summary>
public interface IAudited<out TResponse> : IRequest<TResponse> where TResponse : Result
{
    string AuditAction { get; }
}

/// <summary>A request that changes data: audited, validated, and run in one transaction committed only on success.</summary>
public interface ICommand<out TResponse> : IAudited<TResponse> where TResponse : Result;

/// <summary>A read that is not audited (lists of non-patient data, dashboards).</summary>
public interface IQuery<out TResponse> : IRequest<TResponse> where TResponse : Result;
