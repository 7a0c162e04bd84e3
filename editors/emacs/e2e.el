;;; e2e.el --- batch test of chotatsu.el: Eglot attaches chotatsu-lsp and gets diagnostics  -*- lexical-binding: t; -*-
;; Run by e2e.sh: emacs --batch -l e2e.el FIXTURE.  Prints PASS or FAIL and exits 0 or 1.

(require 'package)
(package-initialize)
(load (expand-file-name "chotatsu.el" (file-name-directory load-file-name)) nil t)

(defun chotatsu-e2e--fail (fmt &rest args)
  (princ (concat "FAIL: " (apply #'format fmt args) "\n"))
  (kill-emacs 1))

(defun chotatsu-e2e--diagnostics ()
  "Eglot's diagnostics in the current buffer, reported to Flymake or held back."
  (or (and (fboundp 'flymake-diagnostics) (flymake-diagnostics))
      (and (boundp 'eglot--diagnostics) eglot--diagnostics)))

(let* ((file (car command-line-args-left))
       (deadline (+ (float-time) 60)))
  (setq command-line-args-left nil)
  (find-file file)
  (unless (derived-mode-p 'markdown-mode) (markdown-mode))
  ;; eglot-ensure waits for a command loop that batch mode lacks: connect as it would.
  (apply #'eglot (eglot--guess-contact))
  (while (and (null (chotatsu-e2e--diagnostics)) (< (float-time) deadline))
    (accept-process-output nil 0.1))
  (let* ((diags (chotatsu-e2e--diagnostics))
         (texts (mapcar (lambda (d)
                          (buffer-substring-no-properties (flymake-diagnostic-beg d)
                                                          (flymake-diagnostic-end d)))
                        diags)))
    (unless diags (chotatsu-e2e--fail "no diagnostics within 60 s"))
    (princ (format "diagnostics: %d\n" (length diags)))
    ;; Eglot turns the server's UTF-16 columns into buffer positions: the ranges must cover 瑕疵….
    (unless (seq-some (lambda (s) (string-prefix-p "瑕疵" s)) texts)
      (chotatsu-e2e--fail "no diagnostic range covers 瑕疵…: %S" texts))
    (princ (format "found: %S\n" (seq-filter (lambda (s) (string-prefix-p "瑕疵" s)) texts)))
    (eglot-shutdown (eglot-current-server))
    (princ "PASS\n")
    (kill-emacs 0)))
