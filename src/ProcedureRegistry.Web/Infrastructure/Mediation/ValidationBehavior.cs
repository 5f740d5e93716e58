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
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators, RejectedInput rejectedInput)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly bool IsCommand = typeof(TRequest).GetInterfaces()
        .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>));

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (!FailureOf<TResponse>.IsSupported || request is IValidatedByItsHandler)
        {
            return await next();
        }
        var errors = await ErrorsAsync(request, validators, rejectedInput, cancellationToken);
        return errors.Count == 0 ? await next() : FailureOf<TResponse>.Make(Outcome.Invalid, errors);
    }

    /// <summary>The input's errors: those found while binding (for a command) and those of every validator.</summary>
    public static async Task<List<FieldError>> ErrorsAsync(TRequest request, IEnumerable<IValidator<TRequest>> validators, RejectedInput rejectedInput, CancellationToken cancellationToken)
    {
        var errors = IsCommand ? [.. rejectedInput.Errors] : new List<FieldError>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(new ValidationContext<TRequest>(request), cancellationToken);
            errors.AddRange(result.Errors.Select(e => new FieldError(e.PropertyName, e.ErrorMessage)));
        }
        return errors;
    }
}

/// <summary>
/// A command whose handler runs <see cref="ValidationBehavior{TRequest,TResponse}.ErrorsAsync"/> itself, after loading
/// what the re-shown form needs, so that one request answers both (the patient's page).
/// </summary>
public interface IValidatedByItsHandler;
