import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { ApiError } from '../../../src/api/errors';
import { IMPORT_FIELDS, type ColumnMapping, type ImportField, type ImportPreview, type ImportResult, type Problem } from '../../../src/api/contract/files';
import { errorText } from '../../i18n/errors';
import { brusselsDate } from '../../i18n/format';
import { useStore } from '../../store';
import { saveText, uploadFile } from './files-client';
import './files.css';

type Stage = { kind: 'idle' } | { kind: 'uploading'; fraction: number } | { kind: 'preview'; preview: ImportPreview } | { kind: 'working'; preview: ImportPreview } | { kind: 'done'; result: ImportResult };

/** Import of invitation lists and export of a day's records: the file fallback for long outages. */
export default function FilesPanel() {
  return (
    <div className="files-panel">
      <ImportPanel />
      <ExportPanel />
    </div>
  );
}

function useErrorText() {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  return (e: ApiError) => errorText(t, e, locale);
}

function ImportPanel() {
  const { t } = useTranslation();
  const explain = useErrorText();
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [problem, setProblem] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0);

  /** A refusal that carries a report (IMPORT_INVALID) is shown as the report, not as a bare error. */
  const showFailure = (e: ApiError, fallback: ImportPreview | null) => {
    const report = (e.details as { preview?: ImportPreview } | undefined)?.preview;
    if (e.code === 'IMPORT_INVALID' && report) {
      setProblem(null);
      setStage({ kind: 'preview', preview: { ...report, uploadId: report.uploadId ?? fallback?.uploadId ?? null } });
    } else {
      setProblem(explain(e));
      setStage(fallback ? { kind: 'preview', preview: fallback } : { kind: 'idle' });
    }
  };

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    setStage({ kind: 'uploading', fraction: 0 });
    const up = await uploadFile(file, (fraction) => setStage({ kind: 'uploading', fraction }));
    if (!up.ok) return showFailure(up.error, null);
    const p = await api['files.previewImport']({ uploadId: up.value });
    if (!p.ok) return showFailure(p.error, null);
    setStage({ kind: 'preview', preview: p.value });
  };

  const remap = async (preview: ImportPreview, mapping: ColumnMapping) => {
    if (!preview.uploadId) return;
    setStage({ kind: 'working', preview });
    const p = await api['files.previewImport']({ uploadId: preview.uploadId, mapping });
    if (!p.ok) return showFailure(p.error, preview);
    setStage({ kind: 'preview', preview: p.value });
  };

  const commit = async (preview: ImportPreview) => {
    if (!preview.uploadId) return;
    setStage({ kind: 'working', preview });
    const mapping = preview.format === 'csv' ? preview.mapping : undefined;
    const r = await api['files.commitImport']({ uploadId: preview.uploadId, ...(mapping ? { mapping } : {}) });
    if (!r.ok) return showFailure(r.error, preview);
    setStage({ kind: 'done', result: r.value });
    setInputKey((k) => k + 1);
  };

  const reset = async (preview: ImportPreview | null) => {
    if (preview?.uploadId) await api['files.cancelImport']({ uploadId: preview.uploadId });
    setStage({ kind: 'idle' });
    setProblem(null);
    setInputKey((k) => k + 1);
  };

  const preview = stage.kind === 'preview' || stage.kind === 'working' ? stage.preview : null;
  return (
    <section className="panel files-import" aria-labelledby="files-import-title">
      <h2 id="files-import-title">{t('files.importTitle')}</h2>
      <p className="files-hint">{t('files.importHint')}</p>
      <label className="field" htmlFor="files-input">
        <span>{t('files.chooseFile')}</span>
        <input
          key={inputKey}
          id="files-input"
          data-testid="files-input"
          type="file"
          accept=".csv,.txt,.tsv,.json,.ndjson,text/csv,application/json"
          disabled={stage.kind === 'uploading' || stage.kind === 'working'}
          onChange={(e) => void choose(e.target.files?.[0])}
        />
      </label>
      {stage.kind === 'uploading' && (
        <div className="files-progress">
          <progress max={1} value={stage.fraction} aria-label={t('files.uploading')} />
          <span>{t('files.uploadingPercent', { percent: Math.round(stage.fraction * 100) })}</span>
        </div>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {preview && <PreviewView preview={preview} busy={stage.kind === 'working'} onRemap={(m) => void remap(preview, m)} onCommit={() => void commit(preview)} onCancel={() => void reset(preview)} />}
      {stage.kind === 'done' && (
        <p className="flash" role="status" aria-live="polite" data-testid="files-imported">
          {t('files.imported', { file: stage.result.fileName, rows: stage.result.rows, inserted: stage.result.inserted, updated: stage.result.updated, unchanged: stage.result.unchanged })}
        </p>
      )}
    </section>
  );
}

function PreviewView(props: { preview: ImportPreview; busy: boolean; onRemap: (m: ColumnMapping) => void; onCommit: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const p = props.preview;
  const summary =
    p.format === 'csv'
      ? t('files.summaryCsv', { file: p.fileName, rows: p.rows, valid: p.valid, encoding: p.encoding ?? '?', delimiter: p.delimiter === '\t' ? 'tab' : (p.delimiter ?? '?') })
      : t('files.summaryFhir', { file: p.fileName, rows: p.rows, valid: p.valid, patients: p.fhir?.patients ?? 0, skipped: p.fhir?.skipped ?? 0 });
  return (
    <div className="files-preview" data-testid="files-preview">
      <p>{summary}</p>
      {p.format === 'csv' && p.headers.length > 0 && <MappingView preview={p} disabled={props.busy} onChange={props.onRemap} />}
      {p.sample.length > 0 && (
        <div className="files-sample">
          <table className="table">
            <caption>{t('files.sample')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('files.line')}</th>
                {p.headers.map((h, i) => (
                  <th scope="col" key={i}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {p.sample.map((r) => (
                <tr key={r.line}>
                  <td>{r.line}</td>
                  {p.headers.map((_h, i) => (
                    <td key={i}>{r.cells[i] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p.problemCount > 0 ? <ProblemList preview={p} /> : <p className="notice">{t('files.allValid', { count: p.valid })}</p>}
      <div className="files-actions">
        <button type="button" className="btn btn-primary" data-testid="files-commit" disabled={!p.ok || props.busy || !p.uploadId} onClick={props.onCommit}>
          {t('files.commit', { count: p.valid })}
        </button>
        <button type="button" className="btn" onClick={props.onCancel} disabled={props.busy}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

function MappingView({ preview, disabled, onChange }: { preview: ImportPreview; disabled: boolean; onChange: (m: ColumnMapping) => void }) {
  const { t } = useTranslation();
  const set = (f: ImportField, value: string) => onChange({ ...preview.mapping, [f]: value === '' ? null : Number(value) });
  return (
    <fieldset className="files-mapping" disabled={disabled}>
      <legend>{t('files.mapping')}</legend>
      {IMPORT_FIELDS.map((f) => (
        <label key={f} className="field" htmlFor={`files-map-${f}`}>
          <span>{t(`files.field.${f}`)}</span>
          <select id={`files-map-${f}`} data-testid={`files-map-${f}`} value={preview.mapping[f] ?? ''} onChange={(e) => set(f, e.target.value)}>
            <option value="">{t('files.notInFile')}</option>
            {preview.headers.map((h, i) => (
              <option key={i} value={i}>
                {`${i + 1}. ${h}`}
              </option>
            ))}
          </select>
        </label>
      ))}
    </fieldset>
  );
}

function problemText(t: ReturnType<typeof useTranslation>['t'], p: Problem): string {
  const params = { ...(p.params ?? {}), field: p.field ? t(`files.field.${p.field}`) : '' };
  const where = p.line !== null ? t('files.atLine', { line: p.line }) : p.entry !== undefined ? t('files.atEntry', { entry: p.entry }) : t('files.atFile');
  return `${where}: ${t(`files.problem.${p.code}`, params)}`;
}

function ProblemList({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  return (
    <div className="files-problems" role="alert" data-testid="files-problems">
      <p className="error">{t('files.problems', { count: preview.problemCount })}</p>
      <ul>
        {preview.problems.map((p, i) => (
          <li key={i}>{problemText(t, p)}</li>
        ))}
      </ul>
      {preview.problemCount > preview.problems.length && <p>{t('files.moreProblems', { count: preview.problemCount - preview.problems.length })}</p>}
    </div>
  );
}

function ExportPanel() {
  const { t } = useTranslation();
  const explain = useErrorText();
  const [day, setDay] = useState(() => brusselsDate(Date.now()));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (format: 'csv' | 'fhir') => {
    setBusy(true);
    const r = await api['files.exportDay']({ day, format });
    setBusy(false);
    if (!r.ok) return setMessage({ ok: false, text: explain(r.error) });
    saveText(r.value.filename, r.value.text, r.value.mime === 'text/csv' ? 'text/csv;charset=utf-8' : 'application/fhir+json');
    setMessage({ ok: true, text: t('files.exported', { file: r.value.filename, appointments: r.value.appointments, doses: r.value.immunizations }) });
  };
  return (
    <section className="panel files-export" aria-labelledby="files-export-title">
      <h2 id="files-export-title">{t('files.exportTitle')}</h2>
      <p className="files-hint">{t('files.exportHint')}</p>
      <label className="field" htmlFor="files-export-day">
        <span>{t('files.day')}</span>
        <input id="files-export-day" type="date" value={day} required onChange={(e) => e.target.value && setDay(e.target.value)} />
      </label>
      <div className="files-actions">
        <button type="button" className="btn" data-testid="files-export-csv" disabled={busy} onClick={() => void run('csv')}>
          {t('files.downloadCsv')}
        </button>
        <button type="button" className="btn" data-testid="files-export-fhir" disabled={busy} onClick={() => void run('fhir')}>
          {t('files.downloadFhir')}
        </button>
      </div>
      {message && (
        <p className={message.ok ? 'flash' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
