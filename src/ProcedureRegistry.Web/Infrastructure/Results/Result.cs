using System.Linq.Expressions;

namespace ProcedureRegistry.Web.Infrastructure.Results;

/// <summary>How a request ended. Expected failures are outcomes, not exceptions.</summary>
public enum Outcome
{
    Succeeded,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}

/// <summary>A rule broken by one field of the input: the field's name and the rule in plain words.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>The result of a command or query: an outcome, the errors behind a failure, and the id of the entity it touched.</summary>
public class Result
{
    protected Result(Outcome outcome, IReadOnlyList<FieldError> errors, string? entityId)
    {
        Outcome = outcome;
        Errors = errors;
        EntityId = entityId;
    }

    public Outcome Outcome { get; }
    public IReadOnlyList<FieldError> Errors { get; }
    /// <summary>The id of the entity the request created, changed or read; it goes into the audit trail.</summary>
    public string? EntityId { get; }
    public bool Succeeded => Outcome == Outcome.Succeeded;

    /// <summary>This failure, to return from a handler whose result carries another type.</summary>
    public FailedResult AsFailure() => Succeeded
        ? throw new InvalidOperationException("A successful result is not a failure.")
        : new FailedResult(Outcome, Errors);

    public static Result Ok(string? entityId = null) => new(Outcome.Succeeded, [], entityId);
    public static Result Invalid(IReadOnlyList<FieldError> errors) => new(Outcome.Invalid, errors, null);
    public static Result Invalid(string field, string message) => Invalid([new FieldError(field, message)]);
    public static Result NotFound() => new(Outcome.NotFound, [], null);
    public static Result Forbidden() => new(Outcome.Forbidden, [], null);
    public static Result Conflict(string message) => new(Outcome.Conflict, [new FieldError("", message)], null);
    public static Result Failed(FailedResult failure) => new(failure.Outcome, failure.Errors, null);

    public static Result<T> Ok<T>(T value, string? entityId = null) => new(Outcome.Succeeded, [], entityId, value);
}

/// <summary>A <see cref="Result"/> that carries a value when it succeeded.</summary>
public sealed class Result<T> : Result
{
    internal Result(Outcome outcome, IReadOnlyList<FieldError> errors, string? entityId, T? value)
        : base(outcome, errors, entityId) => Value = value;

    public T? Value { get; }

    /// <summary>A failure that still carries a value: what the page needs to show the failure without asking again.</summary>
    public static Result<T> Refused(FailedResult failure, T value) => new(failure.Outcome, failure.Errors, null, value);

    /// <summary>
    /// A success with no value, for a command whose value is the page its refusal is shown on (a confirmation, a
    /// details page): done, the action redirects.
    /// </summary>
    public static Result<T> Done(string? entityId) => new(Outcome.Succeeded, [], entityId, default);

    public static implicit operator Result<T>(FailedResult failure) => new(failure.Outcome, failure.Errors, null, default);
}

/// <summary>A failure without a value type, convertible to any <see cref="Result{T}"/>: <c>return Fail.NotFound();</c>.</summary>
public readonly record struct FailedResult(Outcome Outcome, IReadOnlyList<FieldError> Errors);

public static class Fail
{
    public const string StaleMessage = "Someone else changed this record since you opened it. Reload it and make your change again.";

    public static FailedResult Invalid(string field, string message) => new(Outcome.Invalid, [new FieldError(field, message)]);
    public static FailedResult NotFound() => new(Outcome.NotFound, []);
    public static FailedResult Forbidden() => new(Outcome.Forbidden, []);
    public static FailedResult Conflict(string message) => new(Outcome.Conflict, [new FieldError("", message)]);
    /// <summary>The form was opened on a version of the record that has changed since.</summary>
    public static FailedResult Stale() => Conflict(StaleMessage);
}

/// <summary>Builds a failed <typeparamref name="TResponse"/> for the pipeline behaviours, which only know the response type.</summary>
internal static class FailureOf<TResponse>
{
    private static readonly Func<Outcome, IReadOnlyList<FieldError>, TResponse>? Create = Build();

    public static bool IsSupported => Create is not null;

    public static TResponse Make(Outcome outcome, IReadOnlyList<FieldError> errors) =>
        (Create ?? throw new InvalidOperationException($"{typeof(TResponse)} is not a Result type"))(outcome, errors);

    private static Func<Outcome, IReadOnlyList<FieldError>, TResponse>? Build()
    {
        var type = typeof(TResponse);
        if (type == typeof(Result))
        {
            return (o, e) => (TResponse)(object)new FailedResultOnly(o, e);
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Result<>))
        {
            var outcome = Expression.Parameter(typeof(Outcome));
            var errors = Expression.Parameter(typeof(IReadOnlyList<FieldError>));
            var ctor = type.GetConstructors(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)[0];
            var valueType = type.GetGenericArguments()[0];
            var body = Expression.New(ctor, outcome, errors, Expression.Constant(null, typeof(string)), Expression.Default(valueType));
            return Expression.Lambda<Func<Outcome, IReadOnlyList<FieldError>, TResponse>>(body, outcome, errors).Compile();
        }
        return null;
    }

    private sealed class FailedResultOnly(Outcome outcome, IReadOnlyList<FieldError> errors) : Result(outcome, errors, null);
}
