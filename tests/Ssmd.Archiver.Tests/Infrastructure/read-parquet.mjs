// Prints a Parquet file's rows as JSON lines with hyparquet, a Parquet reader that shares no code with
// Parquet.Net: the export test's check that another implementation reads ssmd's files.
// node read-parquet.mjs <file.parquet> <global node_modules folder>
const [file, modules] = process.argv.slice(2)
const { asyncBufferFromFile, parquetReadObjects } = await import(`${modules}/hyparquet/src/node.js`)
const { compressors } = await import(`${modules}/hyparquet-compressors/src/index.js`)
const rows = await parquetReadObjects({ file: await asyncBufferFromFile(file), compressors })
for (const row of rows) console.log(JSON.stringify(row, (_, v) => typeof v === 'bigint' ? v.toString() : v))
