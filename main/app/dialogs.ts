/** Native open-folder and save dialogs, attached to the main window. */
import { dialog, type BrowserWindow } from 'electron';
import path from 'node:path';
import type { ExportKind } from '../../preload/contract';

const FILTERS: Record<ExportKind, { name: string; extensions: string[] }> = {
  png: { name: 'PNG image', extensions: ['png'] },
  svg: { name: 'SVG image', extensions: ['svg'] },
  md: { name: 'Markdown write-up', extensions: ['md'] },
  csv: { name: 'CSV table', extensions: ['csv'] },
  json: { name: 'JSON graph', extensions: ['json'] },
};

/** Asks for a folder to open; null when cancelled. */
export async function chooseFolder(win: BrowserWindow | null, defaultPath?: string): Promise<string | null> {
  const options = { title: 'Open a C source folder', properties: ['openDirectory' as const], ...(defaultPath ? { defaultPath } : {}) };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** Asks where to save an export; null when cancelled. The write-up's pass-N.png files go beside it. */
export async function chooseSavePath(win: BrowserWindow | null, kind: ExportKind, suggestedName: string, folder: string): Promise<string | null> {
  const options = { title: 'Export', defaultPath: path.join(folder, suggestedName), filters: [FILTERS[kind]] };
  const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}
