export const TASK_IMPORT_KIND = 'tasks.import';
