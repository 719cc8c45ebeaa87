namespace Ssmd.Archiver.Journal;

/// <summary>Where one record lies in a journal segment, and its sequence (the flush index; kept small: one per pending message).</summary>
internal readonly record struct JournalEntry(ulong Sequence, int Target, int Segment, long Offset, int Length);
