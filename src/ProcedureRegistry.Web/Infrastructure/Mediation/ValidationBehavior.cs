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
        if (!FailureOf<TResponse>.IsSupported)
        {
            return await next();
        }

        var errors = IsCommand ? [.. rejectedInput.Errors] : new List<FieldError>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(new ValidationContext<TRequest>(request), cancellationToken);
            errors.AddRange(result.Errors.Select(e => new FieldError(e.PropertyName, e.ErrorMessage)));
        }

        return errors.Count == 0 ? await next() : FailureOf<TResponse>.Make(Outcome.Invalid, errors);
    }
}
