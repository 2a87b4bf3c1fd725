import { useEffect, useRef, useState, type DragEvent } from 'react';
import './DropZone.css';

interface Props {
  onFiles: (files: File[]) => void;
}

/** Drag-and-drop, paste and a file picker: three ways in, one callback out. */
export function DropZone({ onFiles }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  useEffect(() => {
    const onPaste = (e: ClipboardEvent): void => {
      const files = Array.from(e.clipboardData?.files ?? []);
      if (files.length > 0) onFiles(files);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [onFiles]);

  const onDrop = (e: DragEvent<HTMLLabelElement>): void => {
    e.preventDefault();
    setOver(false);
    const files = Array.from(e.dataTransfer.files);
    if (files.length > 0) onFiles(files);
  };

  return (
    <label
      className={over ? 'dropzone over' : 'dropzone'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <input
        ref={input}
        data-testid="file-input"
        type="file"
        multiple
        accept="image/*,video/*"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <strong>Drop images, videos or a folder here</strong>
      <span>or click to choose files, or paste an image</span>
      <button
        type="button"
        onClick={(e) => {
          // A folder picker: inputs with webkitdirectory return every file below the chosen folder.
          e.preventDefault();
          folder.current?.click();
        }}
      >
        Choose a folder…
      </button>
      <input
        ref={folder}
        data-testid="folder-input"
        type="file"
        multiple
        {...{ webkitdirectory: '' }}
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []).filter((f) => !f.name.startsWith('.'));
          e.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </label>
  );
}
