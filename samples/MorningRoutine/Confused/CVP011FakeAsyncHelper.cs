using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Confused
{
    /// <summary>
    /// CVP011: "fake async" — a helper thread is hired to stand by the kettle, or by the printer,
    /// doing nothing until the wait is over.
    /// </summary>
    public static class CVP011FakeAsyncHelper
    {
        /// <summary>Preparing breakfast: the tea steeps while a pool thread sleeps next to it.</summary>
        public static Task SteepTeaAsync(CancellationToken cancellationToken) =>
            Task.Run(() => Thread.Sleep(3000), cancellationToken); // expect: CVP011

        /// <summary>Getting ready: a pool thread waits for the disk to return today's agenda.</summary>
        public static Task<string> ReadAgendaAsync(string path) =>
            Task.Run(() => File.ReadAllText(path)); // expect: CVP011

        /// <summary>Going to the office: the shopping list is written by a thread that waits for the disk.</summary>
        public static async Task WriteShoppingListAsync(string path, string[] items)
        {
            await Task.Run(() => { File.WriteAllLines(path, items); }); // expect: CVP011
        }
    }
}
