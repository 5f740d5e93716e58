using MediatR;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Infrastructure.Mediation;

/// <summary>
/// One transaction per command: committed when the result succeeded, rolled back otherwise or on an exception. What
/// the command queued on <see cref="AfterCommit"/> runs after the commit, and is dropped on a rollback.
/// </summary>
/// <remarks>
/// EF Core wraps every SaveChanges inside a transaction in a savepoint (SAVEPOINT before, RELEASE after: two more
/// round trips per save) so that a failed save can be undone alone. A command never goes on after a failed save:
/// it fails, and the whole transaction rolls back. So the command's transaction runs without them.
/// </remarks>
public sealed class TransactionBehavior<TRequest, TResponse>(RegistryDbContext db, AfterCommit afterCommit) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ICommand<Result> || db.Database.CurrentTransaction is not null)
        {
            return await next();
        }

        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var response = await next();
            if (response is Result { Succeeded: true })
            {
                await transaction.CommitAsync(cancellationToken);
                afterCommit.Run();
            }
            else
            {
                afterCommit.Discard();
                await transaction.RollbackAsync(cancellationToken);
                // Forget what the failed command changed in memory: the refused form's page read next
                // (FormPageBehavior) would otherwise see those changes, and any later save would write them.
                db.ChangeTracker.Clear();
            }
            return response;
        }
        catch
        {
            afterCommit.Discard();
            throw;
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }
}
