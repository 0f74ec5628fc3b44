using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>Preparing breakfast: one cook asks for every recipe card and reads each as it arrives.</summary>
    public static class CVP002RecipeShelf
    {
        private static Task<int> BoilKettleAsync(int cup) => Task.FromResult(cup * 100);

        /// <summary>The loop awaits the disk; its workers are free while the cards are fetched.</summary>
        public static async Task ReadRecipesAsync(List<string> recipeFiles)
        {
            await Parallel.ForEachAsync(recipeFiles, async (file, cancellationToken) =>
            {
                var recipe = await File.ReadAllTextAsync(file, cancellationToken);
                Console.WriteLine(recipe.Length);
            });
        }

        /// <summary>Nobody watches the kettle: the loop awaits the delay and the boiling.</summary>
        public static async Task PourTeaAsync(int cups)
        {
            await Parallel.ForAsync(0, cups, async (cup, cancellationToken) =>
            {
                await Task.Delay(50, cancellationToken);
                var temperature = await BoilKettleAsync(cup);
                Console.WriteLine(temperature);
            });
        }

        /// <summary>Start every read, then wait for all of them together; results in list order.</summary>
        public static async Task<string[]> LoadShoppingListsAsync(string[] lists)
        {
            return await Task.WhenAll(lists.Select(list => File.ReadAllTextAsync(list)));
        }
    }
}
