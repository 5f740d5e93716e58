using MediatR;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Infrastructure.Mediation;

/// <summary>One transaction per command: committed when the result succeeded, rolled back otherwise or on an exception.</summary>
public sealed class TransactionBehavior<TRequest, TResponse>(RegistryDbContext db) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ICommand<Result> || db.Database.CurrentTransaction is not null)
        {
            return await next();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var response = await next();
        if (response is Result { Succeeded: true })
        {
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken);
            // Forget what the failed command changed in memory: a read sent next in the same request (to show the
            // form again) would otherwise save those changes along with its audit row.
            db.ChangeTracker.Clear();
        }
        return response;
    }
}
