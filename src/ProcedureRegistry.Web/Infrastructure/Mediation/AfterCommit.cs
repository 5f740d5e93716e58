namespace ProcedureRegistry.Web.Infrastructure.Mediation;

/// <summary>
/// Work a command wants done only once its transaction has committed, such as enqueuing a job that reads the rows
/// the command wrote: enqueued inside the transaction, a worker could start before the rows are visible, and a
/// rolled-back command would leave a job for rows that never existed. <see cref="TransactionBehavior{TRequest,TResponse}"/>
/// runs the queue after a successful commit and discards it on a rollback. One per request scope.
/// </summary>
public sealed class AfterCommit
{
    private readonly List<Action> _pending = [];

    /// <summary>Runs <paramref name="action"/> after the current command's transaction commits; never if it rolls back.</summary>
    public void Add(Action action) => _pending.Add(action);

    internal void Run()
    {
        var actions = _pending.ToArray();
        _pending.Clear();
        foreach (var action in actions)
        {
            action();
        }
    }

    internal void Discard() => _pending.Clear();
}
