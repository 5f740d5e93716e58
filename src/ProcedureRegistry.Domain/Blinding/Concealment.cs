using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Blinding;

/// <summary>Who may see the agent behind a blinded block's kit code (clinical-reference §9, roles.md).</summary>
public static class Concealment
{
    /// <summary>
    /// The diary is complete once it holds a score at the last standard time (24 h) or later: from then on the agent is
    /// shown to everyone who may see the block.
    /// </summary>
    public static bool DiaryComplete(PainDiary diary) =>
        diary.Entries.Any(e => e.After >= PainDiary.StandardTimes[^1]);

    /// <summary>The agent is revealed by a complete diary or an emergency unblinding; before that only a preparer sees it.</summary>
    public static bool AgentVisible(bool diaryComplete, bool unblinded, bool isPreparer) => diaryComplete || unblinded || isPreparer;

    /// <summary>
    /// After an emergency unblinding nobody enters or corrects the block's diary: scores recorded knowing the agent are
    /// not blinded, so the diary stays as it was when the block was unblinded (the unblinding is refused once the diary
    /// is complete, since the agent is shown then anyway).
    /// </summary>
    public static bool DiaryMayBeEntered(bool unblinded) => !unblinded;
}
