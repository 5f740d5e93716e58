using FluentValidation;
using MediatR;
using ProcedureRegistry.Web.Infrastructure.Results;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Infrastructure.Mediation;

/// <summary>
/// Runs every FluentValidation validator of the request; a failure becomes an Invalid result and the handler never runs.
/// A command is also refused while the HTTP request's input did not bind (<see cref="RejectedInput"/>), so no action
/// can write from a half-bound form.
/// </summary>
public sealed class ValidationBehavior<TRequest, TResponse>(InputErrors<TRequest> input) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (!FailureOf<TResponse>.IsSupported || request is IValidatedByItsHandler)
        {
            return await next();
        }
        var errors = await input.OfAsync(request, cancellationToken);
        return errors.Count == 0 ? await next() : FailureOf<TResponse>.Make(Outcome.Invalid, errors);
    }
}

/// <summary>
/// The input errors of a request: for a command whose input did not bind (a letter in a number, a control character),
/// those alone, as the form shows them; otherwise those of every validator. A handler that validates its command itself
/// (<see cref="IValidatedByItsHandler"/>) asks here too, so its rules are the same.
/// </summary>
public sealed class InputErrors<TRequest>(IEnumerable<IValidator<TRequest>> validators, RejectedInput rejectedInput)
{
    private static readonly bool IsCommand = typeof(TRequest).GetInterfaces()
        .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>));

    public async Task<List<FieldError>> OfAsync(TRequest request, CancellationToken cancellationToken)
    {
        if (IsCommand && rejectedInput.Errors.Count > 0)
        {
            return [.. rejectedInput.Errors];
        }
        var errors = new List<FieldError>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(new ValidationContext<TRequest>(request), cancellationToken);
            errors.AddRange(result.Errors.Select(e => new FieldError(e.PropertyName, e.ErrorMessage)));
        }
        return errors;
    }

    /// <summary>The refusal of invalid input, or null when the input is valid.</summary>
    public async Task<FailedResult?> RefusalAsync(TRequest request, CancellationToken cancellationToken) =>
        await OfAsync(request, cancellationToken) is { Count: > 0 } errors ? new FailedResult(Outcome.Invalid, errors) : null;
}

/// <summary>
/// A command whose handler checks its input itself (<see cref="InputErrors{TRequest}"/>), after loading what its
/// refusal shows, so that one request answers both: the page of a record (a confirmation, a details page, the patient's page).
/// </summary>
public interface IValidatedByItsHandler;
