import type { HandlersFor } from '../context';
import type { filesContract } from '../../api/contract/files';
import { beginUpload, cancelUpload, openUpload, readUpload, removePart, writeChunk } from './uploads';
import { commitImport, previewImport } from './import';
import { exportDay } from './export';

/** The file fallback: invitation lists in (chunked upload, preview, all-or-nothing commit), a day's records out. */
export const filesHandlers: HandlersFor<typeof filesContract> = {
  'files.beginImport'({ fileName, size }, call) {
    const me = call.me();
    return beginUpload(call.core, { staffId: me.staffId, displayName: me.displayName }, fileName, size, call.now());
  },
  'files.uploadChunk'({ uploadId, offset, data }, call) {
    return writeChunk(call.core, openUpload(call.core, uploadId, call.me().staffId), offset, data);
  },
  'files.previewImport'({ uploadId, format, mapping, delimiter }, call) {
    const f = openUpload(call.core, uploadId, call.me().staffId);
    return previewImport(call.core.store, f.id, f.fileName, readUpload(call.core, f), { format, mapping, delimiter }, call.now());
  },
  'files.commitImport'({ uploadId, format, mapping, delimiter }, call) {
    const me = call.me();
    const f = openUpload(call.core, uploadId, me.staffId);
    const bytes = readUpload(call.core, f);
    const r = commitImport(
      call.core.store,
      { staffId: me.staffId, staffName: me.displayName },
      { id: f.id, fileName: f.fileName, sizeBytes: f.sizeBytes, fromUpload: true },
      bytes,
      { format, mapping, delimiter },
      call.now(),
    );
    // After the commit: a leftover temporary file is harmless, a lost import is not.
    removePart(call.core, f.id);
    return r;
  },
  'files.cancelImport'({ uploadId }, call) {
    cancelUpload(call.core, openUpload(call.core, uploadId, call.me().staffId), call.now());
    return null;
  },
  'files.recentImports'({ limit }, call) {
    return call.core.store.files.recent(limit);
  },
  'files.exportDay'({ day, format }, call) {
    return exportDay(call.core.store, day, format, call.now());
  },
};
