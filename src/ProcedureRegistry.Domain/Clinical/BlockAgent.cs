namespace ProcedureRegistry.Domain.Clinical;

public enum BlockAgent { Lidocaine, Bupivacaine, Ropivacaine, Saline }

/// <summary>How long relief is expected to last; comparative blocks rely on the difference (clinical-reference §3).</summary>
public enum AgentDuration { Short, Long, Placebo }

public static class BlockAgentExtensions
{
    /// <summary>Lidocaine about 1–2 h (short); bupivacaine and ropivacaine 3–6 h or more (long); saline none.</summary>
    public static AgentDuration ExpectedDuration(this BlockAgent agent) => agent switch
    {
        BlockAgent.Lidocaine => AgentDuration.Short,
        BlockAgent.Bupivacaine or BlockAgent.Ropivacaine => AgentDuration.Long,
        BlockAgent.Saline => AgentDuration.Placebo,
        _ => throw new ArgumentOutOfRangeException(nameof(agent), agent, null),
    };
}
